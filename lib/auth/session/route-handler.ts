import "server-only";
import { getToken } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/session/nextauth";
import { authConfig } from "@/lib/auth/edge/config";
import { withSignedInPerson, type SignedInPerson } from "@/lib/auth/providers/sign-in-decision";
import { livePersonFor } from "@/lib/auth/session/live-session";
import { safeCallbackPath } from "@/lib/auth/edge/redirects";
import { BodyTooLarge, mediaTypeOf, readTextCapped } from "@/lib/http/body";
import { errorResponse } from "@/lib/http/responses";
import { DatabaseUnavailable, metUnavailableDatabase } from "@/lib/server/database-outage";

// Auth.js treats a malformed callbackUrl (from the query, the form or its own cookie) as a server
// misconfiguration and answers 500. These are a client's mistakes, so they are corrected or refused
// here, before Auth.js sees them: callback URLs become same-origin paths, and POST bodies must be
// the form encoding Auth.js's endpoints use.
const CALLBACK_COOKIE = /^(__Secure-)?authjs\.callback-url$/;
// Auth.js's forms are a CSRF token, an email, a password and a callback URL: a few hundred bytes.
const AUTH_FORM_LIMIT_BYTES = 64 * 1024;

function cleanedCookieHeader(header: string | null): string | null {
  if (!header) return header;
  return header
    .split(";")
    .map((part) => part.trim())
    .filter((part) => {
      const [name, ...rest] = part.split("=");
      if (!CALLBACK_COOKIE.test(name)) return true;
      try {
        return safeCallbackPath(new URL(decodeURIComponent(rest.join("="))).pathname, "") !== "";
      } catch {
        return false;
      }
    })
    .join("; ");
}

async function sanitised(request: NextRequest): Promise<NextRequest | Response> {
  const url = new URL(request.url);
  const callbackUrl = url.searchParams.get("callbackUrl");
  if (callbackUrl !== null) url.searchParams.set("callbackUrl", safeCallbackPath(callbackUrl));
  const headers = new Headers(request.headers);
  const cookie = cleanedCookieHeader(headers.get("cookie"));
  if (cookie !== null) headers.set("cookie", cookie);

  if (request.method !== "POST") return new NextRequest(url, { method: request.method, headers });

  if (mediaTypeOf(request) !== "application/x-www-form-urlencoded") {
    return errorResponse("unsupported_media_type", "Send this form as application/x-www-form-urlencoded.");
  }
  let text: string;
  try {
    text = await readTextCapped(request, AUTH_FORM_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return errorResponse("payload_too_large", "The form is larger than 64 KB.");
    throw error;
  }
  const form = new URLSearchParams(text);
  const formCallback = form.get("callbackUrl");
  if (formCallback !== null) form.set("callbackUrl", new URL(safeCallbackPath(formCallback), url.origin).href);
  headers.delete("content-length");
  return new NextRequest(url, { method: "POST", headers, body: form.toString() });
}

const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

async function withoutSessionCookie(request: NextRequest): Promise<NextRequest> {
  const headers = new Headers(request.headers);
  const kept = (headers.get("cookie") ?? "")
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part && !SESSION_COOKIE.test(part.split("=")[0]));
  headers.set("cookie", kept.join("; "));
  const body = request.method === "POST" ? await readTextCapped(request, AUTH_FORM_LIMIT_BYTES) : undefined;
  return new NextRequest(request.url, { method: request.method, headers, body });
}

/**
 * When a provider sends the browser back while a session cookie is present, Auth.js links the
 * external account to whoever that cookie names, after checking only its signature. A signed-out,
 * disabled or ended session must not be able to do that (a stolen copy of an old cookie would
 * otherwise let an attacker attach their own provider account to the victim), so the cookie is
 * checked against the database here, and dropped if it no longer stands for a current session.
 */
async function handleCallback(
  request: NextRequest,
  handler: (request: NextRequest) => Promise<Response>,
): Promise<Response> {
  const token = await getToken({ req: request, secret: authConfig.secret, secureCookie: authConfig.useSecureCookies });
  const person = token ? await livePersonFor(token) : null;
  const signedIn: SignedInPerson | null = person
    ? { id: person.id, email: person.email, sid: typeof token?.sid === "string" ? token.sid : null }
    : null;
  const hasCookie =
    request.headers
      .get("cookie")
      ?.split(";")
      .some((part) => SESSION_COOKIE.test(part.trim().split("=")[0])) ?? false;
  const forwarded = hasCookie && !signedIn ? await withoutSessionCookie(request) : request;
  return withSignedInPerson(signedIn, () => handler(forwarded));
}

function isCallback(request: NextRequest): boolean {
  return new URL(request.url).pathname.startsWith("/api/auth/callback/");
}

/**
 * Auth.js turns any failure inside it into a redirect to its error page, a database that did not
 * answer included ("Configuration"): that one becomes the outage's 503 (lib/server/database-outage.ts).
 */
async function unlessDatabaseFailed(answer: Promise<Response>): Promise<Response> {
  const response = await answer;
  if (metUnavailableDatabase()) throw new DatabaseUnavailable();
  return response;
}

export async function GET(request: NextRequest): Promise<Response> {
  const cleaned = await sanitised(request);
  if (cleaned instanceof Response) return cleaned;
  return unlessDatabaseFailed(isCallback(cleaned) ? handleCallback(cleaned, handlers.GET) : handlers.GET(cleaned));
}

export async function POST(request: NextRequest): Promise<Response> {
  const cleaned = await sanitised(request);
  if (cleaned instanceof Response) return cleaned;
  return unlessDatabaseFailed(isCallback(cleaned) ? handleCallback(cleaned, handlers.POST) : handlers.POST(cleaned));
}
