import { NextResponse, type NextRequest } from "next/server";
import { decideAccess } from "@/lib/auth/policy";
import { signInPathFor } from "@/lib/auth/redirects";
import { readSessionRole } from "@/lib/auth/session-token";

// Next 16 calls this file convention deprecated in favour of proxy.ts, which runs on Node. We keep
// middleware.ts on the edge runtime as the product asks: it sees only the JWT (no database), so it
// is a fast first gate. Every page, action and route handler checks again against the database.
export default async function middleware(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const decision = decideAccess(await readSessionRole(request), pathname);

  if (decision.outcome === "signin") {
    return NextResponse.redirect(new URL(signInPathFor(`${pathname}${search}`), request.nextUrl));
  }
  if (decision.outcome === "forbidden") {
    // A 403 page in place, not a redirect: redirecting a signed-in person to sign-in would loop.
    return NextResponse.rewrite(new URL("/access-denied", request.nextUrl), { status: 403 });
  }
  return NextResponse.next();
}

export const config = {
  // Pages only: API routes authenticate themselves, and static files need no session.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.[a-z0-9]+$).*)"],
};
