import { NextResponse, type NextRequest } from "next/server";
import { refuseMalformedAction } from "@/lib/http/server-action-guard";
import { contentSecurityPolicy, newNonce } from "@/lib/http/security-headers";
import { configuredOAuthProviders } from "@/lib/auth/oauth-config";
import { ROLE_REFUSAL_MESSAGE, decideAccess } from "@/lib/auth/policy";
import { signInPathFor } from "@/lib/auth/redirects";
import { ROLE_REFRESH_SECONDS, readSessionClaims, refreshSession } from "@/lib/auth/session-token";

// Next 16 calls this file convention deprecated in favour of proxy.ts, which runs on Node. We keep
// middleware.ts on the edge runtime as the product asks: it sees only the JWT (no database), so it
// is a fast first gate. Every page, action and route handler checks again against the database.
const signInOrigins = [...new Set(configuredOAuthProviders.flatMap((provider) => provider.origins))];

export default async function middleware(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const refusal = await refuseMalformedAction(request, new URL(process.env.AUTH_URL ?? request.nextUrl.origin).origin);
  if (refusal) {
    return Response.json({ error: refusal.error, message: refusal.message }, { status: refusal.status, headers: { "cache-control": "no-store" } });
  }
  const claims = await readSessionClaims(request);
  let subject: { role: string } | null = claims;
  let decision = decideAccess(subject, pathname);
  let setCookies: string[] = [];

  // The role in the cookie may be stale (an admin changed it). Re-read it when it is older than
  // ROLE_REFRESH_SECONDS, and always before refusing a page, so a promotion applies on the next request.
  // Only for reads: re-issuing the cookie on a POST could race a sign-out in the same response.
  const isRead = request.method === "GET" || request.method === "HEAD";
  const stale = claims !== null && (claims.roleAgeSeconds > ROLE_REFRESH_SECONDS || decision.outcome === "forbidden");
  if (isRead && stale) {
    const refreshed = await refreshSession(request);
    if (refreshed) {
      subject = refreshed.claims;
      decision = decideAccess(subject, pathname);
      setCookies = refreshed.setCookies;
    }
  }

  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "production", signInOrigins);
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", csp);
  forwarded.set("x-nonce", nonce);

  let response: NextResponse;
  if (decision.outcome === "signin") {
    response = NextResponse.redirect(new URL(signInPathFor(`${pathname}${search}`), request.nextUrl));
  } else if (decision.outcome === "forbidden" && request.headers.has("next-action")) {
    // A server action posted to a page the role may not open: a plain answer, not the 403 page
    // (which serves no actions, so Next would log a missing-action error on top).
    response = NextResponse.json({ error: "forbidden", message: ROLE_REFUSAL_MESSAGE }, { status: 403, headers: { "cache-control": "no-store" } });
  } else if (decision.outcome === "forbidden") {
    // A 403 page in place, not a redirect: redirecting a signed-in person to sign-in would loop.
    response = NextResponse.rewrite(new URL("/access-denied", request.nextUrl), { status: 403, request: { headers: forwarded } });
  } else {
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  response.headers.set("content-security-policy", csp);
  for (const cookie of setCookies) response.headers.append("set-cookie", cookie);
  return response;
}

export const config = {
  // Pages only: API routes authenticate themselves, and static files need no session.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.[a-z0-9]+$).*)"],
};
