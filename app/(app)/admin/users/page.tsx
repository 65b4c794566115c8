import type { Metadata } from "next";
import Link from "next/link";
import { guardPage } from "@/lib/auth/guards/page";
import { can } from "@/lib/auth/policy";
import { givableRoles, listRoles, roleLabels } from "@/lib/roles/queries";
import { formatDate } from "@/lib/format";
import { PEOPLE_PAGE_SIZE, listPeoplePage } from "@/lib/people/queries";
import { PEOPLE_SORTS, PERSON_STATUSES, peopleFiltersSchema } from "@/lib/people/schemas";
import { AdminHeader } from "@/components/admin/admin-nav";
import { PersonActions } from "@/components/admin/person-actions";
import { Card } from "@/components/ui/card";
import { Cell, DataTable, Pager, rowClasses } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { FilterForm } from "@/components/ui/filter-form";
import { RelativeTime } from "@/components/ui/relative-time";
import { RoleBadge } from "@/components/ui/role-badge";
import { SelectField } from "@/components/ui/select-field";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ searchParams }: PageProps<"/admin/users">) {
  const admin = await guardPage("/admin/users");
  const filters = peopleFiltersSchema.parse(await searchParams);
  const [{ people, nextCursor, previousCursor }, roles] = await Promise.all([listPeoplePage(filters), listRoles()]);
  const labels = roleLabels(roles);
  const givable = givableRoles(admin, roles);
  const link = (extra: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({
      q: filters.q,
      role: filters.role,
      status: filters.status,
      sort: filters.sort,
      ...extra,
    })) {
      if (value) params.set(key, value);
    }
    return `/admin/users?${params}`;
  };
  const position = (filters.page - 1) * PEOPLE_PAGE_SIZE + 1;

  return (
    <div className="space-y-6">
      <AdminHeader
        person={admin}
        current="/admin/users"
        title="People"
        description="Find people, change their role, disable accounts and end sessions."
      />
      <FilterForm
        action="/admin/users"
        columns="sm:grid-cols-[2fr_1fr_1fr_1fr_auto]"
        submitLabel="Search"
        pendingLabel="Searching…"
      >
        <TextField name="q" label="Email or name starts with" defaultValue={filters.q ?? ""} autoComplete="off" />
        <SelectField
          name="role"
          label="Role"
          value={filters.role}
          options={[
            { value: "", label: "Any role" },
            ...roles.map((role) => ({ value: role.name, label: role.label })),
          ]}
        />
        <SelectField
          name="status"
          label="Status"
          value={filters.status}
          options={[
            { value: "", label: "Any status" },
            ...PERSON_STATUSES.map((status) => ({ value: status, label: status })),
          ]}
        />
        <SelectField
          name="sort"
          label="Joined"
          value={filters.sort}
          options={PEOPLE_SORTS.map((sort) => ({ value: sort, label: `${sort} first` }))}
        />
      </FilterForm>
      <Card>
        <DataTable
          testId="people-table"
          caption="People"
          rowCount={people.length}
          emptyMessage="Nobody matches these filters."
          columns={[
            "Person",
            "Role",
            "Status",
            "Last sign-in",
            "Joined",
            <span key="actions" className="sr-only">
              Actions
            </span>,
          ]}
        >
          {people.map((person) => (
            <tr key={person.id} data-person={person.email} className={rowClasses}>
              <Cell label="Person">
                <Link
                  href={`/admin/users/${person.id}`}
                  className="block font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {person.name ?? person.email}
                </Link>
                <span className="text-xs muted">
                  {person.email}
                  {person.id === admin.id ? " (you)" : ""}
                </span>
              </Cell>
              <Cell label="Role">
                <RoleBadge role={person.role} label={labels.get(person.role)} />
              </Cell>
              <Cell label="Status">
                {person.disabledAt ? <span className="text-red-700 dark:text-red-400">Disabled</span> : "Active"}
              </Cell>
              <Cell label="Last sign-in">
                {person.lastSignInAt ? (
                  <RelativeTime date={person.lastSignInAt} />
                ) : (
                  <span className="muted">Never</span>
                )}
              </Cell>
              <Cell label="Joined" className="whitespace-nowrap">
                {formatDate(person.createdAt)}
              </Cell>
              <Cell label="Actions" last>
                <PersonActions
                  roles={givable}
                  canManageAccess={can(admin, "manage-access")}
                  person={{
                    id: person.id,
                    email: person.email,
                    role: person.role,
                    disabled: Boolean(person.disabledAt),
                    isYou: person.id === admin.id,
                  }}
                />
              </Cell>
            </tr>
          ))}
        </DataTable>
        <Pager
          previous={
            previousCursor ? link({ before: previousCursor, page: String(Math.max(1, filters.page - 1)) }) : undefined
          }
          next={nextCursor ? link({ cursor: nextCursor, page: String(filters.page + 1) }) : undefined}
          position={position}
          shown={people.length}
        />
      </Card>
    </div>
  );
}
