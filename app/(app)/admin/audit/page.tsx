import type { Metadata } from "next";
import Link from "next/link";
import { AUDIT_ACTIONS, isAuditAction } from "@/lib/audit/actions-list";
import { listAuditPage } from "@/lib/audit/queries";
import { auditBeforeSchema, auditFiltersSchema, type AuditFilters } from "@/lib/audit/schemas";
import { guardPage } from "@/lib/auth/guards/page";
import { formatDateTime } from "@/lib/format";
import { AdminHeader } from "@/components/admin/admin-nav";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable, Pager } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { FilterForm } from "@/components/ui/filter-form";
import { SelectField } from "@/components/ui/select-field";

export const metadata: Metadata = { title: "Audit log" };

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  await guardPage("/admin/audit");
  const search = await searchParams;
  const raw = {
    q: firstValue(search.q),
    action: firstValue(search.action),
    from: firstValue(search.from),
    to: firstValue(search.to),
  };
  const parsed = auditFiltersSchema.safeParse(raw);
  const filters: AuditFilters = parsed.success
    ? parsed.data
    : { q: undefined, action: undefined, from: undefined, to: undefined };
  const before = auditBeforeSchema.parse(firstValue(search.before));
  const { events, nextBefore } = await listAuditPage(filters, before);
  const keep = new URLSearchParams(Object.entries(raw).filter((entry): entry is [string, string] => Boolean(entry[1])));

  return (
    <div className="space-y-6">
      <AdminHeader
        current="/admin/audit"
        title="Audit log"
        description="Every sign-in, sign-up and change to people, newest first. Entries cannot be edited or deleted."
      />
      <FilterForm action="/admin/audit" columns="sm:grid-cols-[2fr_1.5fr_1fr_1fr_auto]" submitLabel="Filter">
        <TextField name="q" label="Actor or target email starts with" defaultValue={raw.q ?? ""} autoComplete="off" />
        <SelectField
          name="action"
          label="Event"
          value={raw.action}
          options={[
            { value: "", label: "Any event" },
            ...Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label })),
          ]}
        />
        <TextField name="from" label="From (UTC)" type="date" defaultValue={raw.from ?? ""} />
        <TextField name="to" label="To (UTC)" type="date" defaultValue={raw.to ?? ""} />
      </FilterForm>
      {!parsed.success ? (
        <Alert tone="error">{parsed.error.issues[0]?.message ?? "Check the filters."} The filters were ignored.</Alert>
      ) : null}
      <div className="flex flex-wrap gap-3">
        <a href={`/admin/audit/export?${keep}`} className={buttonClasses("secondary")} download>
          Export CSV
        </a>
        <Link href="/admin/audit/verify" className={buttonClasses("secondary")}>
          Verify the chain
        </Link>
      </div>
      <Card>
        <DataTable
          testId="audit-table"
          rowCount={events.length}
          emptyMessage="No events match."
          columns={["When", "Event", "Actor", "Target", "Change", "From"]}
        >
          {events.map((event) => (
            <tr key={event.id} data-action={event.action} className="align-top">
              <td className="py-2 pr-4 whitespace-nowrap">{formatDateTime(event.createdAt)}</td>
              <td className="py-2 pr-4">{isAuditAction(event.action) ? AUDIT_ACTIONS[event.action] : event.action}</td>
              <td className="py-2 pr-4">{event.actorEmail ?? "—"}</td>
              <td className="py-2 pr-4">{event.targetEmail ?? "—"}</td>
              <td className="py-2 pr-4 font-mono text-xs">
                {event.before || event.after ? `${event.before ?? "∅"} → ${event.after ?? "∅"}` : ""}
              </td>
              <td className="py-2 text-xs text-slate-500">
                <span className="block">{event.ip ?? "unknown address"}</span>
                <span className="block max-w-56 truncate" title={event.userAgent ?? undefined}>
                  {event.userAgent ?? ""}
                </span>
              </td>
            </tr>
          ))}
        </DataTable>
        <Pager
          first={search.before ? `/admin/audit?${keep}` : undefined}
          firstLabel="Newest"
          next={
            nextBefore ? `/admin/audit?${new URLSearchParams([...keep, ["before", String(nextBefore)]])}` : undefined
          }
          nextLabel="Older"
        />
      </Card>
    </div>
  );
}
