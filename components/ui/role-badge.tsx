import { isBuiltInRole } from "@/lib/auth/policy";

/** A role as people read it: a built-in role by name, a custom role by its label when known. */
export function RoleBadge({ role, label }: { role: string; label?: string }) {
  return (
    <span data-testid="role-badge" data-role={role} className={`badge badge-${isBuiltInRole(role) ? role : "custom"}`}>
      {label ?? role}
    </span>
  );
}
