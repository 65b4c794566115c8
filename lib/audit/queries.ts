import type { Prisma } from "@prisma/client";
import { db, lowerCasePrefix } from "@/lib/db";
import type { AuditAction } from "@/lib/audit/catalogue";
import type { AuditFilters } from "@/lib/audit/schemas";
import type { DayWindow } from "@/lib/stats/days";

export const AUDIT_PAGE_SIZE = 50;

const WHOLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function whereFor(filters: AuditFilters): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (filters.action) where.action = filters.action;
  if (filters.q) {
    // A whole address is matched exactly, which both email indexes answer (under a millisecond at a
    // million entries). Anything shorter is a prefix match: on PostgreSQL under a collation other
    // than "C" no index serves LIKE, and that is a scan (about 0.15 s at a million entries).
    const match = WHOLE_EMAIL.test(filters.q) ? filters.q : lowerCasePrefix(filters.q);
    where.OR = [{ actorEmail: match }, { targetEmail: match }];
  }
  if (filters.from || filters.to) where.createdAt = { gte: filters.from, lt: filters.to };
  return where;
}

/**
 * Newest first, keyset-paginated on the id: `before` pages back in time (older entries than that id),
 * `after` forward again (newer ones, queried oldest first and turned around).
 */
export async function listAuditPage(
  filters: AuditFilters,
  { before, after }: { before?: number; after?: number } = {},
) {
  const forward = after !== undefined && before === undefined;
  const rows = await db.auditEvent.findMany({
    where: { ...whereFor(filters), ...(forward ? { id: { gt: after } } : before ? { id: { lt: before } } : {}) },
    orderBy: { id: forward ? "asc" : "desc" },
    take: AUDIT_PAGE_SIZE + 1,
  });
  const hasMore = rows.length > AUDIT_PAGE_SIZE;
  const page = hasMore ? rows.slice(0, AUDIT_PAGE_SIZE) : rows;
  const events = forward ? page.reverse() : page;
  return {
    events,
    // Older entries exist past the last one shown; newer ones before the first, when this page was paged to.
    olderThan: (forward ? true : hasMore) && events.length ? events.at(-1)!.id : undefined,
    newerThan: (forward ? hasMore : before !== undefined) && events.length ? events[0].id : undefined,
  };
}

/**
 * How many entries of each of `actions` each day had: one grouped count per day (the createdAt index
 * finds the day; no rows are fetched), so the cost does not grow with the size of the log.
 */
export async function countActionsPerDay(
  actions: readonly AuditAction[],
  days: readonly DayWindow[],
): Promise<Record<string, number[]>> {
  const perDay = await Promise.all(
    days.map((day) =>
      db.auditEvent.groupBy({
        by: ["action"],
        where: { action: { in: [...actions] }, createdAt: { gte: day.start, lt: day.end } },
        _count: { _all: true },
      }),
    ),
  );
  return Object.fromEntries(
    actions.map((action) => [
      action,
      perDay.map((groups) => groups.find((group) => group.action === action)?._count._all ?? 0),
    ]),
  );
}

/** Whether `action` was recorded about this person in the last `withinMs` (a page that reacts to it). */
export async function recordedRecently(personId: string, action: AuditAction, withinMs: number): Promise<boolean> {
  const found = await db.auditEvent.findFirst({
    where: { action, targetId: personId, createdAt: { gte: new Date(Date.now() - withinMs) } },
    select: { id: true },
  });
  return Boolean(found);
}

/** The latest entries among `actions`, newest first. */
export function latestOf(actions: readonly AuditAction[], take: number) {
  return db.auditEvent.findMany({ where: { action: { in: [...actions] } }, orderBy: { id: "desc" }, take });
}

/** Every matching event, oldest first, in batches: for the CSV export. */
export async function* allAuditEvents(filters: AuditFilters) {
  let after = 0;
  for (;;) {
    const batch = await db.auditEvent.findMany({
      where: { ...whereFor(filters), id: { gt: after } },
      orderBy: { id: "asc" },
      take: 1000,
    });
    if (batch.length === 0) return;
    yield* batch;
    after = batch.at(-1)!.id;
  }
}
