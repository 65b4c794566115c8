import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { AUDIT_ACTIONS, auditGroup, auditLabel } from "@/lib/audit/catalogue";
import { AUDIT_PAGE_SIZE, listAuditPage } from "@/lib/audit/queries";
import { closeEndedHours } from "@/lib/audit/read-tallies";
import { ensureSealer } from "@/lib/audit/sealer";
import { auditBeforeSchema, auditFiltersSchema, type AuditFilters } from "@/lib/audit/schemas";
import { guardPage } from "@/lib/auth/guards/page";
import { namesOf } from "@/lib/people/queries";
import { AdminHeader } from "@/components/admin/admin-nav";
import { AuditEntry } from "@/components/admin/audit-entry";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Pager } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { FilterForm } from "@/components/ui/filter-form";
import { SelectField } from "@/components/ui/select-field";

export const metadata: Metadata = { title: "Audit log" };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const pageSchema = z.coerce.number().int().min(1).max(1_000_000).catch(1);

export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  const viewer = await guardPage("/admin/audit");
  const search = await searchParams;
  const raw = { q: first(search.q), action: first(search.action), from: first(search.from), to: first(search.to) };
  const parsed = auditFiltersSchema.safeParse(raw);
  const filters: AuditFilters = parsed.success
    ? parsed.data
    : { q: undefined, action: undefined, from: undefined, to: undefined };
  const before = auditBeforeSchema.parse(first(search.before));
  const after = auditBeforeSchema.parse(first(search.after));
  const page = pageSchema.parse(first(search.page) ?? 1);
  // Entries still waiting are listed as such; an instance that has not written since it started
  // seals them from now on.
  ensureSealer();
  // Agents' read calls of every hour that has ended are in the log before it is read.
  await closeEndedHours();
  const { events, olderThan, newerThan } = await listAuditPage(filters, { before, after });
  const names = await namesOf(
    events.flatMap((event) => [event.actorId, event.targetId].filter((id): id is string => id !== null)),
  );
  const keep = new URLSearchParams(Object.entries(raw).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const link = (extra: Record<string, string>) =>
    `/admin/audit?${new URLSearchParams([...keep, ...Object.entries(extra)])}`;

  return (
    <div className="space-y-6">
      <AdminHeader
        person={viewer}
        current="/admin/audit"
        title="Audit log"
        description="Every sign-in, sign-up and change to people and articles, newest first. Entries cannot be edited or deleted."
      />
      <FilterForm
        action="/admin/audit"
        columns="sm:grid-cols-[2fr_1.5fr_1fr_1fr_auto]"
        submitLabel="Filter"
        pendingLabel="Filtering…"
      >
        <TextField name="q" label="Actor or target email starts with" defaultValue={raw.q ?? ""} autoComplete="off" />
        <SelectField
          name="action"
          label="Event"
          value={raw.action}
          options={[
            { value: "", label: "Any event" },
            ...AUDIT_ACTIONS.map((value) => ({ value, label: auditLabel(value), group: auditGroup(value) })),
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
        {events.length === 0 ? (
          <p className="text-sm muted">No entries match.</p>
        ) : (
          <ol className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="audit-log" data-focus-region>
            {events.map((event) => (
              <AuditEntry key={event.id} event={event} names={names} />
            ))}
          </ol>
        )}
        <Pager
          previous={
            newerThan !== undefined
              ? link({ after: String(newerThan), page: String(Math.max(1, page - 1)) })
              : undefined
          }
          next={olderThan !== undefined ? link({ before: String(olderThan), page: String(page + 1) }) : undefined}
          previousLabel="Newer"
          nextLabel="Older"
          position={(page - 1) * AUDIT_PAGE_SIZE + 1}
          shown={events.length}
        />
      </Card>
    </div>
  );
}
