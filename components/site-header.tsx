import { adminEntryFor } from "@/components/admin/admin-nav";
import Link from "next/link";
import { can } from "@/lib/auth/policy";
import { signOutAction } from "@/lib/actions/sessions";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { HeaderNav, type NavLink } from "@/components/header-nav";
import { buttonClasses } from "@/components/ui/button";
import { RoleBadge } from "@/components/ui/role-badge";
import { SubmitButton } from "@/components/ui/submit-button";
import { ViewingBanner } from "@/components/viewing-banner";

export async function SiteHeader() {
  const person = await getCurrentPerson();
  // Links to what the person may open: a role that may not edit is not shown the editor.
  const adminEntry = adminEntryFor(person);
  const links: NavLink[] = person
    ? [
        { href: "/dashboard", label: "Dashboard" },
        ...(can(person, "update") ? [{ href: "/editor", label: "Editor" }] : []),
        ...(adminEntry ? [{ href: adminEntry, label: "Admin" }] : []),
        { href: "/settings/account", label: "Settings" },
        { href: "/docs/api", label: "API" },
      ]
    : [{ href: "/docs/api", label: "API" }];
  return (
    <>
      {person?.viewer ? <ViewingBanner viewer={person.viewer} viewed={person} /> : null}
      <header className="relative border-b border-slate-200 bg-white/80 backdrop-blur dark:border-slate-800 dark:bg-slate-900/80">
        <div className="mx-auto flex max-w-5xl items-center gap-2 px-4 py-3 sm:gap-4">
          <Link href="/" className="mr-1 flex shrink-0 items-center gap-2 text-base font-bold tracking-tight sm:mr-3">
            <span
              aria-hidden="true"
              className="grid size-7 place-items-center rounded-md bg-indigo-600 text-sm text-white"
            >
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
                  {person.name ? (
                    <span className="block text-xs text-slate-600 dark:text-slate-400">{person.email}</span>
                  ) : null}
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
    </>
  );
}
