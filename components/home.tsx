"use client";

// The home page's text: the same for every visitor but its call to action. A client component, so a
// request sends it once (in the HTML) and its code once (cached), not a second time in the page's
// React payload (docs/performance.md, "Fast pages"). The roles are still read from the policy.
import Link from "next/link";
import { BUILT_IN_ROLES, CAPABILITY_LABELS, builtInCapabilities } from "@/lib/auth/policy";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { RoleBadge } from "@/components/ui/role-badge";

// "a user", "an editor": by the sound, which for these names is their first letter's but u's.
const articleFor = (role: string) => (/^[aeio]/.test(role) ? "an" : "a");

/** Each role by what it adds to the one before it: "everything a writer can, and …". */
function rolesInOrder() {
  return BUILT_IN_ROLES.map((role, index) => {
    const below = index > 0 ? BUILT_IN_ROLES[index - 1]! : null;
    const added = builtInCapabilities(role).filter(
      (capability) => !below || !builtInCapabilities(below).includes(capability),
    );
    // Semicolons: some labels are lists themselves ("read, export and verify the audit log").
    return { role, below, added: added.map((capability) => CAPABILITY_LABELS[capability]).join("; ") };
  });
}

export function Home({ signedIn }: { signedIn: boolean }) {
  return (
    <div className="space-y-10">
      <section className="space-y-4">
        <h1 className="text-4xl font-bold tracking-tight">Sign-in, roles and API access, done right.</h1>
        <p className="max-w-2xl text-lg muted">
          Gatehouse signs people in, gives each a role, and checks that role at every layer: at the edge, on the page
          and in every action.
        </p>
        <div className="flex gap-3">
          {signedIn ? (
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
          {rolesInOrder().map(({ role, below, added }) => (
            <li key={role} className="flex items-start gap-3">
              <RoleBadge role={role} />
              <span className="text-sm muted">
                {below ? `Everything ${articleFor(below)} ${below} can, and: ${added}` : added}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
