import Link from "next/link";
import { CAPABILITY_LABELS, ROLE_GRANTERS, lowestRoleWith, ruleFor } from "@/lib/auth/policy";
import { buttonClasses } from "@/components/ui/button";

/**
 * The 403 page, in place of the page at `path` that was refused: which capability that page needs, the
 * lowest role that carries it, and who can give it (from the policy, like the refusal itself). Rendered
 * on the server for middleware's refusals (app/access-denied) and in the browser's bundle for a page's
 * own (app/forbidden.tsx), so it reads nothing but its argument.
 */
export function AccessDenied({ path }: { path: string }) {
  const rule = ruleFor(path);
  return (
    <div className="mx-auto max-w-lg space-y-4 text-center" data-testid="access-denied">
      <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">403</p>
      <h1 className="text-3xl font-bold tracking-tight">You don’t have access to this page</h1>
      {rule ? (
        <p className="text-slate-700 dark:text-slate-300" data-testid="access-needed">
          This page needs the <strong>{rule.capability}</strong> capability, to {CAPABILITY_LABELS[rule.capability]}.
          The <strong>{lowestRoleWith(rule.capability)}</strong> role is the first that has it. An{" "}
          {ROLE_GRANTERS.join(" or ")} can change your role under Admin → People.
        </p>
      ) : (
        <p className="text-slate-700 dark:text-slate-300">
          Your role does not include what this page needs. If you think it should, ask an admin.
        </p>
      )}
      <Link href="/dashboard" className={buttonClasses("primary")}>
        Back to your dashboard
      </Link>
    </div>
  );
}
