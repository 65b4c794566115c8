import type { Prisma } from "@prisma/client";
import { db, lowerCasePrefix } from "@/lib/db";
import { GENESIS_HASH, auditHash } from "@/lib/audit/chain";
import type { AuditFilters } from "@/lib/audit/schemas";

export const AUDIT_PAGE_SIZE = 50;

function whereFor(filters: AuditFilters): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (filters.action) where.action = filters.action;
  if (filters.q) {
    const prefix = lowerCasePrefix(filters.q);
    where.OR = [{ actorEmail: prefix }, { targetEmail: prefix }];
  }
  if (filters.from || filters.to) where.createdAt = { gte: filters.from, lt: filters.to };
  return where;
}

/** Newest first; `before` is the id of the last event on the previous page (keyset pagination). */
export async function listAuditPage(filters: AuditFilters, before?: number) {
  const rows = await db.auditEvent.findMany({
    where: { ...whereFor(filters), ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: AUDIT_PAGE_SIZE + 1,
  });
  const hasMore = rows.length > AUDIT_PAGE_SIZE;
  const events = hasMore ? rows.slice(0, AUDIT_PAGE_SIZE) : rows;
  return { events, nextBefore: hasMore ? events.at(-1)!.id : undefined };
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

export type ChainVerdict =
  { ok: true; count: number; headHash: string } | { ok: false; count: number; brokenAtId: number; reason: string };

/** Walks the whole chain, oldest first, recomputing every hash. */
export async function verifyAuditChain(): Promise<ChainVerdict> {
  let expectedPrev = GENESIS_HASH;
  let count = 0;
  let after = 0;
  for (;;) {
    const batch = await db.auditEvent.findMany({ where: { id: { gt: after } }, orderBy: { id: "asc" }, take: 1000 });
    if (batch.length === 0) return { ok: true, count, headHash: expectedPrev };
    for (const event of batch) {
      if (event.prevHash !== expectedPrev) {
        return {
          ok: false,
          count,
          brokenAtId: event.id,
          reason: "does not follow the event before it (an event was removed or reordered)",
        };
      }
      if (auditHash(event.prevHash, event) !== event.hash) {
        return {
          ok: false,
          count,
          brokenAtId: event.id,
          reason: "its contents do not match its hash (the event was edited)",
        };
      }
      expectedPrev = event.hash;
      count++;
    }
    after = batch.at(-1)!.id;
  }
}
