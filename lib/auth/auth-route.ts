import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { safeCallbackPath } from "@/lib/auth/redirects";
import { errorResponse } from "@/lib/http/route";

// Auth.js treats a malformed callbackUrl (from the query, the form or its own cookie) as a server
// misconfiguration and answers 500. These are a client's mistakes, so they are corrected or refused
// here, before Auth.js sees them: callback URLs become same-origin paths, and POST bodies must be
// the form encoding Auth.js's endpoints use.
const CALLBACK_COOKIE = /^(__Secure-)?authjs\.callback-url$/;

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

  const type = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    return errorResponse(415, "unsupported_media_type", "Send this form as application/x-www-form-urlencoded.");
  }
  const length = Number(headers.get("content-length") ?? "0");
  if (length > 64 * 1024) return errorResponse(413, "payload_too_large", "The form is larger than 64 KB.");
  const text = await request.text();
  if (text.length > 64 * 1024) return errorResponse(413, "payload_too_large", "The form is larger than 64 KB.");
  const form = new URLSearchParams(text);
  const formCallback = form.get("callbackUrl");
  if (formCallback !== null) form.set("callbackUrl", new URL(safeCallbackPath(formCallback), url.origin).href);
  headers.delete("content-length");
  return new NextRequest(url, { method: "POST", headers, body: form.toString() });
}

export async function GET(request: NextRequest): Promise<Response> {
  const cleaned = await sanitised(request);
  return cleaned instanceof Response ? cleaned : handlers.GET(cleaned);
}

export async function POST(request: NextRequest): Promise<Response> {
  const cleaned = await sanitised(request);
  return cleaned instanceof Response ? cleaned : handlers.POST(cleaned);
}
