import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export function AccessDenied() {
  return (
    <div className="mx-auto max-w-lg space-y-4 text-center" data-testid="access-denied">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">403</p>
      <h1 className="text-3xl font-bold tracking-tight">You don’t have access to this page</h1>
      <p className="text-slate-600 dark:text-slate-400">
        Your role does not include what this page needs. If you think it should, ask an administrator.
      </p>
      <Link href="/dashboard" className={buttonClasses("primary")}>
        Back to your dashboard
      </Link>
    </div>
  );
}
