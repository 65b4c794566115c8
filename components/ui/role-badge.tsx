import { isBuiltInRole, type BuiltInRole } from "@/lib/auth/policy";

const colours: Record<BuiltInRole, string> = {
  user: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  writer: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  editor: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  admin: "bg-fuchsia-100 text-fuchsia-800 dark:bg-fuchsia-950 dark:text-fuchsia-300",
};
const CUSTOM = "bg-teal-100 text-teal-800 dark:bg-teal-950 dark:text-teal-300";

/** A role as people read it: a built-in role by name, a custom role by its label when known. */
export function RoleBadge({ role, label }: { role: string; label?: string }) {
  return (
    <span
      data-testid="role-badge"
      data-role={role}
      className={`rounded-full px-2 py-0.5 text-xs font-medium ${isBuiltInRole(role) ? colours[role] : CUSTOM}`}
    >
      {label ?? role}
    </span>
  );
}
