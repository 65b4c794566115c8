import type { Role } from "@/lib/auth/policy";

const colours: Record<Role, string> = {
  user: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  writer: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  editor: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  admin: "bg-fuchsia-100 text-fuchsia-800 dark:bg-fuchsia-950 dark:text-fuchsia-300",
};

export function RoleBadge({ role }: { role: Role }) {
  return (
    <span data-testid="role-badge" className={`rounded-full px-2 py-0.5 text-xs font-medium ${colours[role]}`}>
      {role}
    </span>
  );
}
