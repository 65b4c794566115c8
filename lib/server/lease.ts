import { randomUUID } from "node:crypto";
import { db, isPrismaError } from "@/lib/db";

// Leases: one instance at a time runs a background worker that must not run twice at once (webhook
// delivery, the audit stream), across every instance on the database. A lease is a row naming its
// holder until a time; the holder renews it while it works, and when it stops renewing (stopped,
// killed, cut off) another instance takes it once the time has passed. Taking and renewing are one
// conditional write each, so two instances cannot both succeed.

/** This process's name as a holder: unique per start, so a restarted instance is a new holder. */
export const PROCESS_HOLDER = `${process.pid}-${randomUUID().slice(0, 8)}`;

/**
 * Takes or renews the lease `name` for `holder` for `ms`, when it is free, lapsed, or already
 * theirs. Says whether the holder has it now.
 */
export async function holdLease(name: string, holder: string, ms: number, now = new Date()): Promise<boolean> {
  const until = new Date(now.getTime() + ms);
  const { count } = await db.workerLease.updateMany({
    where: { name, OR: [{ holder }, { expiresAt: { lt: now } }] },
    data: { holder, expiresAt: until },
  });
  if (count === 1) return true;
  if (await db.workerLease.findUnique({ where: { name }, select: { name: true } })) return false;
  try {
    await db.workerLease.create({ data: { name, holder, expiresAt: until } });
    return true;
  } catch (error) {
    // Another instance created it first: theirs.
    if (isPrismaError(error, "P2002")) return false;
    throw error;
  }
}

/** Gives the lease up (on the way out), so another instance need not wait for it to lapse. */
export async function releaseLease(name: string, holder: string): Promise<void> {
  await db.workerLease.updateMany({ where: { name, holder }, data: { expiresAt: new Date(0) } });
}

/** How far the lease's worker got (its cursor), read by its holder. */
export async function leaseCursor(name: string): Promise<number> {
  return (await db.workerLease.findUnique({ where: { name }, select: { cursor: true } }))?.cursor ?? 0;
}

/** Moves the cursor forward, only while `holder` holds the lease: a holder that lost it writes nothing. */
export async function advanceLeaseCursor(name: string, holder: string, cursor: number): Promise<boolean> {
  const { count } = await db.workerLease.updateMany({
    where: { name, holder, expiresAt: { gt: new Date() } },
    data: { cursor },
  });
  return count === 1;
}
