import { Prisma } from "@prisma/client";
import { GENESIS_HASH, auditHash } from "@/lib/audit/chain";
import { databaseProvider, db, isPrismaError, isWriteConflict } from "@/lib/db";
import { metrics } from "@/lib/server/metrics";

// The sealer: gives committed audit entries their place in the chain and their hash, in batches, off
// every request's path. Requests only insert (lib/audit/record.ts), so no request waits for another
// to extend the chain, and none can fail because another extended it first. One sealer works at a time
// across instances (a PostgreSQL advisory lock; SQLite has one writer anyway), and the chain's unique
// seq, prevHash and hash refuse a second sealer that raced it regardless.
//
// The chain's order is the sealing order, not the id: ids are given at insert, and transactions commit
// out of id order (a later id can be visible before an earlier one, and a rolled-back insert leaves a
// gap), so sealing by id could not be done once and for all. Entries are sealed in the order the
// sealer sees them committed, oldest id first among those.

const BATCH = 500;
// An arbitrary, fixed key for the PostgreSQL advisory lock that lets one sealer work at a time.
const SEALER_LOCK = 7_412_002;

type Unsealed = Prisma.AuditEventGetPayload<{
  select: {
    id: true;
    createdAt: true;
    action: true;
    actorId: true;
    actorEmail: true;
    targetId: true;
    targetEmail: true;
    before: true;
    after: true;
    ip: true;
    userAgent: true;
  };
}>;

/** Seals one batch of committed entries; returns how many (0 when another sealer holds the lock). */
async function sealBatch(): Promise<number> {
  return db.$transaction(async (tx) => {
    if (databaseProvider === "postgresql") {
      const [{ locked }] = await tx.$queryRaw<Array<{ locked: boolean }>>`
        SELECT pg_try_advisory_xact_lock(${SEALER_LOCK}) AS locked`;
      if (!locked) return 0;
    }
    // Entries without a hash. (One with a hash but no place was written by a version from before
    // sealing, still running during an upgrade: not the sealer's to change; verification reports it.)
    const pending: Unsealed[] = await tx.auditEvent.findMany({
      where: { seq: null, hash: null },
      orderBy: { id: "asc" },
      take: BATCH,
      select: {
        id: true,
        createdAt: true,
        action: true,
        actorId: true,
        actorEmail: true,
        targetId: true,
        targetEmail: true,
        before: true,
        after: true,
        ip: true,
        userAgent: true,
      },
    });
    if (pending.length === 0) return 0;
    const head = await tx.auditEvent.findFirst({
      where: { seq: { not: null } },
      orderBy: { seq: "desc" },
      select: { seq: true, hash: true },
    });
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    for (const entry of pending) {
      const hash = auditHash(prevHash, entry);
      seq += 1;
      await tx.auditEvent.update({ where: { id: entry.id }, data: { seq, prevHash, hash } });
      prevHash = hash;
    }
    return pending.length;
  });
}

/**
 * Seals every committed entry waiting, batch after batch. Safe to call from anywhere at any time: a
 * call that finds another sealer at work, or loses a race to one, leaves the rest to it.
 */
export async function sealAuditChain(): Promise<number> {
  let sealed = 0;
  for (;;) {
    let count: number;
    try {
      count = await sealBatch();
    } catch (error) {
      // Another sealer extended the chain from the same head (unique seq or prevHash): it carries on.
      if (isPrismaError(error, "P2002") || isWriteConflict(error)) return sealed;
      throw error;
    }
    sealed += count;
    metrics().auditSealed.inc(count);
    if (count < BATCH) return sealed;
  }
}
