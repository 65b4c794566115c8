"use client";

// The header's look, drawn in the browser's bundle from what components/site-header.tsx decided on the
// server (whose links, whose name): as a client component it costs each page's React payload its few
// props, not its whole tree a second time (docs/performance.md, "Fast pages").
import Link from "next/link";
import { signOutAction } from "@/lib/actions/sessions";
import { HeaderNav, type NavLink } from "@/components/header-nav";
import { buttonClasses } from "@/components/ui/button";
import { RoleBadge } from "@/components/ui/role-badge";
import { SubmitButton } from "@/components/ui/submit-button";

export type HeaderPerson = { name: string | null; email: string; role: string };

export function HeaderBar({ links, person }: { links: NavLink[]; person: HeaderPerson | null }) {
  return (
    <header className="site-header">
      <div className="site-header-row">
        <Link href="/" className="brand">
          <span aria-hidden="true" className="brand-mark">
            G
          </span>
          Gatehouse
        </Link>
        <HeaderNav links={links} />
        <div className="ml-auto flex items-center gap-2 sm:gap-3">
          {person ? (
            <>
              <span className="hidden text-right text-sm md:block">
                <span className="block font-medium" data-testid="signed-in-as">
                  {person.name ?? person.email}
                </span>
                {person.name ? <span className="block text-xs muted">{person.email}</span> : null}
              </span>
              <RoleBadge role={person.role} />
              <form action={signOutAction}>
                <SubmitButton variant="secondary" pendingLabel="Signing out…">
                  Sign out
                </SubmitButton>
              </form>
            </>
          ) : (
            <>
              <Link href="/signin" className={`${buttonClasses("ghost")} whitespace-nowrap`}>
                Sign in
              </Link>
              <Link href="/signup" className={`${buttonClasses("primary")} whitespace-nowrap`}>
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
