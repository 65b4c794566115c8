import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { guardPage } from "@/lib/auth/guards/page";
import { CAPABILITY_LABELS, can, isBuiltInRole, isCustomRoleName } from "@/lib/auth/policy";
import { updateRoleAction } from "@/lib/actions/roles";
import { countHolders, findRole, listHolders, listHoldingApps } from "@/lib/roles/queries";
import { AdminHeader } from "@/components/admin/admin-nav";
import { RoleFields } from "@/components/admin/role-fields";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Role" };

const HOLDERS_SHOWN = 200;

export default async function RolePage({ params }: PageProps<"/admin/roles/[name]">) {
  const { name } = await params;
  const viewer = await guardPage(`/admin/roles/${name}`);
  const role = isBuiltInRole(name) || isCustomRoleName(name) ? await findRole(name) : null;
  if (!role) notFound();
  // Who holds it, by name and address, only for those who may see people (People opens to them too).
  const seesPeople = can(viewer, "manage-access") || can(viewer, "change-roles");
  const [people, apps, holders] = await Promise.all([
    seesPeople ? listHolders(role.name, HOLDERS_SHOWN) : [],
    listHoldingApps(role.name),
    countHolders(),
  ]);
  const heldBy = holders.get(role.name)?.people ?? 0;
  return (
    <div className="space-y-6">
      <AdminHeader
        person={viewer}
        current="/admin/roles"
        title={role.label}
        description={role.description || (role.builtIn ? "A built-in role." : `The custom role ${role.name}.`)}
      />
      {role.builtIn ? (
        <Card title="What it carries">
          <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="role-capabilities">
            {role.capabilities.map((capability) => (
              <li key={capability}>
                <strong>{capability}</strong>: {CAPABILITY_LABELS[capability]}
              </li>
            ))}
          </ul>
          <p className="mt-3 text-sm muted">
            Built-in roles are fixed. To shape a role, create one under Admin → Roles.
          </p>
        </Card>
      ) : (
        <Card title="Edit">
          <ActionForm
            id="edit-role"
            action={updateRoleAction}
            fields={{ name: role.name }}
            submitLabel="Save"
            pendingLabel="Saving…"
          >
            <RoleFields role={role} />
          </ActionForm>
          <p className="mt-3 text-sm muted">
            A change applies to everyone holding {role.label} at their next request: pages, actions, API tokens and apps
            they gave access (which can never do more than the role).
          </p>
        </Card>
      )}
      <Card title={`Held by ${heldBy} enabled ${heldBy === 1 ? "person" : "people"}`}>
        {!seesPeople ? (
          <p className="text-sm muted">Who they are is shown to roles that manage people or change roles.</p>
        ) : people.length ? (
          <ul className="space-y-1 text-sm" data-testid="role-holders">
            {people.map((person) => (
              <li key={person.id}>
                <Link href={`/admin/users/${person.id}`} className="text-indigo-700 underline dark:text-indigo-300">
                  {person.name ?? person.email}
                </Link>{" "}
                <span className="muted">
                  {person.email}
                  {person.disabledAt ? " (disabled)" : ""}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm muted">Nobody holds this role.</p>
        )}
        {apps.length ? (
          <p className="mt-3 text-sm">Apps acting with it (service role): {apps.map((app) => app.name).join(", ")}.</p>
        ) : null}
      </Card>
    </div>
  );
}
