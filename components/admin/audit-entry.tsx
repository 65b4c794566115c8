import Link from "next/link";
import { auditLabel, isSecurityEvent } from "@/lib/audit/catalogue";
import { describeAddress, describeAuditEntry, summariseUserAgent } from "@/lib/audit/describe";
import { formatDateTime } from "@/lib/format";
import { RelativeTime } from "@/components/ui/relative-time";

type Event = {
  id: number;
  createdAt: Date;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  targetId: string | null;
  targetEmail: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Null until the sealer gave the entry its place in the chain (lib/audit/seal.ts). */
  hash: string | null;
};

/** One audit entry as a sentence, when and from where, with the raw record one click away. */
export function AuditEntry({ event, names }: { event: Event; names: ReadonlyMap<string, string | null> }) {
  const parts = describeAuditEntry(event, names);
  const client = summariseUserAgent(event.userAgent);
  return (
    <li data-action={event.action} className="py-3">
      <div className="flex gap-3">
        <span
          aria-hidden="true"
          className={`mt-1.5 size-2 shrink-0 rounded-full ${isSecurityEvent(event.action) ? "bg-amber-500" : "bg-slate-400 dark:bg-slate-500"}`}
        />
        <div className="min-w-0 flex-1 space-y-1">
          <p className="text-sm" data-testid="audit-sentence">
            {parts.map((part, index) =>
              typeof part === "string" ? (
                <span key={index}>{part}</span>
              ) : (
                <strong key={index} className="font-semibold" title={part.person.email ?? undefined}>
                  {part.person.id ? (
                    <Link href={`/admin/users/${part.person.id}`} className="underline-offset-2 hover:underline">
                      {part.person.name}
                    </Link>
                  ) : (
                    part.person.name
                  )}
                </strong>
              ),
            )}
          </p>
          <p className="text-xs muted">
            <RelativeTime date={event.createdAt} />
            {" · "}
            {auditLabel(event.action)}
            {" · "}
            {client ? `${client}, ` : ""}
            {describeAddress(event.ip)}
            {event.hash ? null : (
              <span data-testid="audit-unsealed">
                {" · "}
                <span className="font-medium">not sealed yet</span>
              </span>
            )}
          </p>
          <details className="text-xs">
            <summary className="cursor-pointer text-indigo-700 dark:text-indigo-300">Details</summary>
            <dl className="mt-2 grid gap-x-4 gap-y-1 rounded-md bg-slate-50 p-3 sm:grid-cols-[8rem_1fr] dark:bg-slate-800/60">
              <dt className="font-medium">Entry</dt>
              <dd>
                #{event.id}, {formatDateTime(event.createdAt)}
              </dd>
              <dt className="font-medium">Event</dt>
              <dd className="font-mono break-all">{event.action}</dd>
              <dt className="font-medium">Actor</dt>
              <dd className="break-all">{event.actorEmail ?? "—"}</dd>
              <dt className="font-medium">Target</dt>
              <dd className="break-all">{event.targetEmail ?? "—"}</dd>
              <dt className="font-medium">Change</dt>
              <dd className="font-mono break-all" data-testid="audit-change">
                {event.before || event.after ? `${event.before ?? "∅"} → ${event.after ?? "∅"}` : "—"}
              </dd>
              <dt className="font-medium">Address</dt>
              <dd className="break-all">{event.ip ?? "unknown"}</dd>
              <dt className="font-medium">User agent</dt>
              <dd className="break-all">{event.userAgent ?? "—"}</dd>
              <dt className="font-medium">Hash</dt>
              <dd className="font-mono break-all">{event.hash ?? "not sealed yet: it gets its hash within seconds"}</dd>
            </dl>
          </details>
        </div>
      </div>
    </li>
  );
}
