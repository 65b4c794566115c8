import Link from "next/link";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { BUILT_IN_ROLES, CAPABILITY_LABELS, builtInCapabilities } from "@/lib/auth/policy";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { RoleBadge } from "@/components/ui/role-badge";

export default async function HomePage() {
  const person = await getCurrentPerson();
  return (
    <div className="space-y-10">
      <section className="space-y-4">
        <h1 className="text-4xl font-bold tracking-tight">Sign-in, roles and API access, done right.</h1>
        <p className="max-w-2xl text-lg text-slate-600 dark:text-slate-400">
          Gatehouse signs people in, gives each a role, and checks that role at every layer: at the edge, on the page
          and in every action.
        </p>
        <div className="flex gap-3">
          {person ? (
            <Link href="/dashboard" className={buttonClasses("primary")}>
              Go to your dashboard
            </Link>
          ) : (
            <>
              <Link href="/signup" className={buttonClasses("primary")}>
                Create an account
              </Link>
              <Link href="/signin" className={buttonClasses("secondary")}>
                Sign in
              </Link>
            </>
          )}
        </div>
      </section>
      <Card title="Roles and what they allow">
        <ul className="grid gap-3 sm:grid-cols-2">
          {BUILT_IN_ROLES.map((role) => (
            <li key={role} className="flex items-start gap-3">
              <RoleBadge role={role} />
              <span className="text-sm text-slate-600 dark:text-slate-400">
                {builtInCapabilities(role)
                  .map((c) => CAPABILITY_LABELS[c])
                  .join(", ")}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
