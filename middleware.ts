import { NextResponse, type NextRequest } from "next/server";
import { configuredOAuthProviders } from "@/lib/auth/edge/providers";
import {
  ROLE_REFUSAL_MESSAGE,
  SECOND_FACTOR_REQUIRED_MESSAGE,
  VERIFY_EMAIL_MESSAGE,
  decideAccess,
  ruleFor,
  type Decision,
} from "@/lib/auth/policy";
import { policyOptions } from "@/lib/auth/edge/policy-options";
import { secondFactorSetupPathFor, signInPathFor } from "@/lib/auth/edge/redirects";
import { ROLE_REFRESH_SECONDS, readSessionClaims, refreshSession } from "@/lib/auth/edge/session-claims";
import { env } from "@/lib/env";
import { refuseMalformedPagePost } from "@/lib/http/server-action-guard";
import { errorResponse } from "@/lib/http/responses";
import { contentSecurityPolicy, newNonce } from "@/lib/http/security-headers";

// The edge gate, in front of every page (not the API, which authenticates each request itself, nor
// Next's static files). Three steps, in order:
//  1. refuse a malformed, oversized or cross-site POST to a page (a server action or something
//     pretending to be one) with a 4xx, before Next would answer it with a 500;
//  2. gate the page by role from the session JWT alone (no database at the edge). A role older than
//     ROLE_REFRESH_SECONDS, or one about to be refused, is re-read by calling the app's own
//     GET /api/auth/session at AUTH_URL, which runs the Node-side jwt callback against the database
//     and re-issues the cookie;
//  3. mint a nonce and set the Content-Security-Policy on the answer.
// Next 16 calls this file convention deprecated in favour of proxy.ts (Node). It stays on the edge
// runtime on purpose: a fast first gate; every page, action and route handler checks again.
const signInOrigins = [...new Set(configuredOAuthProviders.flatMap((provider) => provider.origins))];

export default async function middleware(request: NextRequest) {
  const refusal = await refuseMalformedPagePost(
    request,
    env.authUrlConfigured ? env.appOrigin : request.nextUrl.origin,
  );
  if (refusal) return errorResponse(refusal.error, refusal.message);
  const gate = await gateByRole(request);
  return answer(request, gate);
}

type Gate = { decision: Decision; setCookies: string[] };

async function gateByRole(request: NextRequest): Promise<Gate> {
  const { pathname } = request.nextUrl;
  // A page no rule covers is the same for everyone (its own checks decide what it shows): the
  // cookie need not be decrypted at all.
  if (!ruleFor(pathname)) return { decision: { allowed: true }, setCookies: [] };
  const claims = await readSessionClaims(request);
  const decision = decideAccess(claims, pathname, policyOptions);
  const isRead = request.method === "GET" || request.method === "HEAD";
  // A refusal read from the cookie is checked against the database before it stands: the person may
  // have been promoted, or confirmed their address from another device, since the cookie was made.
  const refused = !decision.allowed && decision.reason !== "signed-out";
  const stale = claims !== null && (refused || (isRead && claims.roleAgeSeconds > ROLE_REFRESH_SECONDS));
  if (!stale) return { decision, setCookies: [] };
  const refreshed = await refreshSession(request);
  // If the refresh cannot be reached, the cookie stands as it is; pages still check the database.
  if (!refreshed) return { decision, setCookies: [] };
  // Re-issuing the cookie on a POST could race a sign-out in the same response: only on reads.
  return {
    decision: decideAccess(refreshed.claims, pathname, policyOptions),
    setCookies: isRead ? refreshed.setCookies : [],
  };
}

function answer(request: NextRequest, { decision, setCookies }: Gate): Response {
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, env.isProduction, signInOrigins, request.nextUrl.pathname);
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", csp);
  // The page asked for, so a 403 page can say what that page needs (it is rendered in its place).
  forwarded.set("x-gatehouse-path", request.nextUrl.pathname);
  // The host is AUTH_URL's, whatever a client claims in X-Forwarded-Host: nothing downstream can be
  // led to believe it serves another site, and Next, which refuses a server action whose Origin and
  // forwarded host differ by throwing (a 500), sees the two agree for every genuine request.
  if (env.authUrlConfigured) forwarded.set("x-forwarded-host", new URL(env.AUTH_URL).host);

  let response: NextResponse;
  const reason = decision.allowed ? null : decision.reason;
  if (reason === "signed-out") {
    const { pathname, search } = request.nextUrl;
    response = NextResponse.redirect(new URL(signInPathFor(`${pathname}${search}`), request.nextUrl));
  } else if (reason === "email-unverified" && request.method === "POST") {
    return errorResponse("email_unverified", VERIFY_EMAIL_MESSAGE, { "content-security-policy": csp });
  } else if (reason === "email-unverified") {
    response = NextResponse.redirect(new URL("/verify-email", request.nextUrl));
  } else if (reason === "second-factor-missing" && request.method === "POST") {
    return errorResponse("second_factor_required", SECOND_FACTOR_REQUIRED_MESSAGE, {
      "content-security-policy": csp,
    });
  } else if (reason === "second-factor-missing") {
    const { pathname, search } = request.nextUrl;
    response = NextResponse.redirect(new URL(secondFactorSetupPathFor(`${pathname}${search}`), request.nextUrl));
  } else if (reason !== null && request.method === "POST") {
    // A server action posted to a page the role may not open: a plain answer, not the 403 page
    // (which serves no actions, so Next would log a missing-action error on top).
    return errorResponse("forbidden", ROLE_REFUSAL_MESSAGE, { "content-security-policy": csp });
  } else if (reason !== null) {
    // A 403 page in place, not a redirect: redirecting a signed-in person to sign-in would loop.
    response = NextResponse.rewrite(new URL("/access-denied", request.nextUrl), {
      status: 403,
      request: { headers: forwarded },
    });
  } else {
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  response.headers.set("content-security-policy", csp);
  for (const cookie of setCookies) response.headers.append("set-cookie", cookie);
  return response;
}

export const config = {
  // Every page, including paths that look like files (a 404 for /x.php is still an HTML page that
  // needs the CSP, and a POST to /x.txt must meet the action checks). Not the API, the MCP server or
  // the well-known metadata documents (machines' endpoints: a bearer token, not a session, is their
  // check, and a JSON POST to /mcp is no form), and not Next's own static files.
  matcher: [
    "/((?!api/|mcp(?:/|$)|\\.well-known/|_next/static/|_next/image|favicon\\.(?:ico|svg)$|icon-\\d+\\.png$|apple-touch-icon\\.png$|site\\.webmanifest$|robots\\.txt$).*)",
  ],
};
