"use client";

// What a page shows in place of itself when it is missing (404), refused (403) or needs a sign-in
// (401): app/not-found.tsx, app/forbidden.tsx and app/unauthorized.tsx. Next sends these three with
// every page, in case a navigation needs one; as client components in one module they cost each page's
// payload three references and one script, not three trees (docs/performance.md, "Fast pages").
import Link from "next/link";
import { usePathname } from "next/navigation";
import { AccessDenied } from "@/components/access-denied";
import { buttonClasses } from "@/components/ui/button";

export function NotFound() {
  return (
    <div className="mx-auto max-w-lg space-y-4 text-center">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="text-3xl font-bold tracking-tight">Page not found</h1>
      <p className="muted">The page you asked for does not exist or has moved.</p>
      <Link href="/" className={buttonClasses("primary")}>
        Go home
      </Link>
    </div>
  );
}

/** A page's own refusal (forbidden() in lib/auth/guards/page.ts), named by the path it was asked at. */
export function Forbidden() {
  return <AccessDenied path={usePathname()} />;
}

// Nothing calls unauthorized() (a signed-out visitor is sent to sign in), but with authInterrupts on
// Next sends this boundary anyway: without it, its own default of 1.2 KB.
export function Unauthorized() {
  return (
    <div className="mx-auto max-w-lg space-y-4 text-center">
      <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">401</p>
      <h1 className="text-3xl font-bold tracking-tight">Sign in to see this page</h1>
      <Link href="/signin" className={buttonClasses("primary")}>
        Sign in
      </Link>
    </div>
  );
}
