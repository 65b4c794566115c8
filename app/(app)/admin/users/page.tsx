import type { Metadata } from "next";
import Link from "next/link";
import { listPeoplePage } from "@/lib/people/queries";
import { PEOPLE_SORTS, PERSON_STATUSES, peopleFiltersSchema } from "@/lib/people/schemas";
import { guardPage } from "@/lib/auth/guards/page";
import { ROLES, isRole } from "@/lib/auth/policy";
import { formatDate } from "@/lib/format";
import { AdminHeader } from "@/components/admin/admin-nav";
import { PersonActions } from "@/components/admin/person-actions";
import { Card } from "@/components/ui/card";
import { DataTable, Pager } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { FilterForm } from "@/components/ui/filter-form";
import { RoleBadge } from "@/components/ui/role-badge";
import { SelectField } from "@/components/ui/select-field";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ searchParams }: PageProps<"/admin/users">) {
  const admin = await guardPage("/admin/users");
  const filters = peopleFiltersSchema.parse(await searchParams);
  const { people, nextCursor } = await listPeoplePage(filters);
  const query = (extra: Record<string, string | undefined>) => {
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

  return (
    <div className="space-y-6">
      <AdminHeader
        current="/admin/users"
        title="People"
        description="Find people, change their role, disable accounts and end sessions."
      />
      <FilterForm action="/admin/users" columns="sm:grid-cols-[2fr_1fr_1fr_1fr_auto]" submitLabel="Search">
        <TextField name="q" label="Email or name starts with" defaultValue={filters.q ?? ""} autoComplete="off" />
        <SelectField
          name="role"
          label="Role"
          value={filters.role}
          options={[{ value: "", label: "Any role" }, ...ROLES.map((role) => ({ value: role, label: role }))]}
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
          rowCount={people.length}
          emptyMessage="Nobody matches these filters."
          columns={[
            "Person",
            "Role",
            "Status",
            "Joined",
            <span key="actions" className="sr-only">
              Actions
            </span>,
          ]}
        >
          {people.map((person) => (
            <tr key={person.id} data-person={person.email} className="align-top">
              <td className="py-3 pr-4">
                <Link
                  href={`/admin/users/${person.id}`}
                  className="block font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {person.name ?? person.email}
                </Link>
                <span className="text-xs text-slate-500">
                  {person.email}
                  {person.id === admin.id ? " (you)" : ""}
                </span>
              </td>
              <td className="py-3 pr-4">{isRole(person.role) ? <RoleBadge role={person.role} /> : person.role}</td>
              <td className="py-3 pr-4">
                {person.disabledAt ? <span className="text-red-600 dark:text-red-400">Disabled</span> : "Active"}
              </td>
              <td className="py-3 pr-4 whitespace-nowrap">{formatDate(person.createdAt)}</td>
              <td className="py-3">
                <PersonActions
                  person={{
                    id: person.id,
                    email: person.email,
                    role: person.role,
                    disabled: Boolean(person.disabledAt),
                  }}
                />
              </td>
            </tr>
          ))}
        </DataTable>
        <Pager
          first={filters.cursor ? query({}) : undefined}
          next={nextCursor ? query({ cursor: nextCursor }) : undefined}
        />
      </Card>
    </div>
  );
}
