import Link from "next/link";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { signOutAction } from "@/lib/auth/session/actions";
import { can } from "@/lib/auth/policy";
import { buttonClasses } from "@/components/ui/button";
import { RoleBadge } from "@/components/ui/role-badge";
import { SubmitButton } from "@/components/ui/submit-button";

export async function SiteHeader() {
  const person = await getCurrentPerson();
  const navLink =
    "rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800";
  return (
    <header className="border-b border-slate-200 bg-white/80 backdrop-blur dark:border-slate-800 dark:bg-slate-900/80">
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
        <nav aria-label="Main" className="flex items-center gap-1">
          <Link href="/" className="mr-3 flex items-center gap-2 text-base font-bold tracking-tight">
            <span
              aria-hidden="true"
              className="grid size-7 place-items-center rounded-md bg-indigo-600 text-sm text-white"
            >
              G
            </span>
            Gatehouse
          </Link>
          {person ? (
            <>
              <Link href="/dashboard" className={navLink}>
                Dashboard
              </Link>
              {can(person, "update") ? (
                <Link href="/editor" className={navLink}>
                  Editor
                </Link>
              ) : null}
              {can(person, "manage") ? (
                <Link href="/admin" className={navLink}>
                  Admin
                </Link>
              ) : null}
              <Link href="/settings/accounts" className={navLink}>
                Settings
              </Link>
            </>
          ) : null}
        </nav>
        {person ? (
          <div className="flex items-center gap-3">
            <span className="hidden text-right text-sm sm:block">
              <span className="block font-medium" data-testid="signed-in-as">
                {person.name ?? person.email}
              </span>
              {person.name ? (
                <span className="block text-xs text-slate-500 dark:text-slate-400">{person.email}</span>
              ) : null}
            </span>
            <RoleBadge role={person.role} />
            <form action={signOutAction}>
              <SubmitButton variant="secondary" pendingLabel="Signing out…">
                Sign out
              </SubmitButton>
            </form>
          </div>
        ) : (
          <div className="flex items-center gap-2">
            <Link href="/signin" className={buttonClasses("ghost")}>
              Sign in
            </Link>
            <Link href="/signup" className={buttonClasses("primary")}>
              Sign up
            </Link>
          </div>
        )}
      </div>
    </header>
  );
}
