import type { Metadata } from "next";
import Link from "next/link";
import { guardPage } from "@/lib/auth/guards/page";
import { holdsAll } from "@/lib/auth/policy";
import { createRoleAction, deleteRoleAction } from "@/lib/actions/roles";
import { countHolders, listRoles } from "@/lib/roles/queries";
import { AdminHeader } from "@/components/admin/admin-nav";
import { RoleFields } from "@/components/admin/role-fields";
import { ActionForm, FormField } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { Cell, DataTable, rowClasses } from "@/components/ui/data-table";
import { selectClasses } from "@/components/ui/select-field";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage() {
  const viewer = await guardPage("/admin/roles");
  const [roles, holders] = await Promise.all([listRoles(), countHolders()]);
  return (
    <div className="space-y-6">
      <AdminHeader
        person={viewer}
        current="/admin/roles"
        title="Roles"
        description="What each role carries, and roles of your own: an auditor who reads the log, support staff who end sessions."
      />
      <DataTable
        testId="roles"
        caption="Roles"
        columns={["Role", "Carries", "Held by", "Actions"]}
        rowCount={roles.length}
        emptyMessage="No roles."
      >
        {roles.map((role) => {
          const held = holders.get(role.name) ?? { people: 0, apps: 0 };
          return (
            <tr key={role.name} className={rowClasses} data-role={role.name}>
              <Cell label="Role">
                <Link
                  href={`/admin/roles/${role.name}`}
                  className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {role.label}
                </Link>
                <span className="block text-xs muted">{role.builtIn ? "built-in" : role.name}</span>
              </Cell>
              <Cell label="Carries">
                <span className="text-sm">{role.capabilities.join(", ")}</span>
              </Cell>
              <Cell label="Held by">
                {held.people} {held.people === 1 ? "person" : "people"}
                {held.apps ? `, ${held.apps} ${held.apps === 1 ? "app" : "apps"}` : ""}
              </Cell>
              <Cell label="Actions" last>
                {role.builtIn || !holdsAll(viewer, role.capabilities) ? null : (
                  <ConfirmAction
                    action={deleteRoleAction}
                    fields={{ name: role.name }}
                    triggerLabel="Delete"
                    triggerVariant="danger-ghost"
                    title={`Delete the role ${role.label}?`}
                    description={
                      <p>
                        {held.people + held.apps
                          ? `Its ${held.people} people and ${held.apps} apps move to the role you choose, from their next request.`
                          : "Nobody holds it."}
                      </p>
                    }
                    confirmLabel="Delete"
                    pendingLabel="Deleting…"
                    danger
                  >
                    <label className="block space-y-1.5 text-sm font-medium">
                      <span>Move its holders to</span>
                      <select name="moveTo" defaultValue="user" className={selectClasses}>
                        {roles
                          .filter((other) => other.name !== role.name && holdsAll(viewer, other.capabilities))
                          .map((other) => (
                            <option key={other.name} value={other.name}>
                              {other.label}
                            </option>
                          ))}
                      </select>
                    </label>
                  </ConfirmAction>
                )}
              </Cell>
            </tr>
          );
        })}
      </DataTable>
      <Card title="New role">
        <ActionForm id="new-role" action={createRoleAction} submitLabel="Create role" pendingLabel="Creating…">
          <FormField
            name="name"
            label="Short name (lowercase, never changes: what tokens and the audit log carry)"
            autoComplete="off"
            maxLength={30}
            required
          />
          <RoleFields />
        </ActionForm>
        <p className="mt-3 text-sm muted">
          You can give a role only what your own role carries. Built-in roles stay as they are; admin carries
          everything, always.
        </p>
      </Card>
    </div>
  );
}
