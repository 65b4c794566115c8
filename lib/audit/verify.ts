import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { GENESIS_HASH, auditHash } from "@/lib/audit/chain";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// Verifying the audit chain. A full check re-hashes every entry from the first; at millions of
// entries that is minutes, too slow for a page. So each successful check leaves a signed checkpoint
// (the entry it reached, that entry's hash, how many came before), and the next check starts there:
// it confirms the checkpoint's entry still has the hash it had, then re-hashes only what came after.
//
// What that proves: nothing was changed, removed or reordered anywhere in a way that alters the hash
// of the checkpoint's entry (rewriting history and recomputing the chain does), nor after it. What it
// leaves to the full check (`npm run audit:verify`, and every restore): an older entry edited in place
// without recomputing the hashes after it, which only re-hashing that entry reveals. The full check
// also holds every signed checkpoint against its entry, so a chain recomputed from some entry on (which
// re-hashing alone would accept) fails it too.

const BATCH = 1_000;

/** Entries not sealed yet (lib/audit/seal.ts): how many, and how many have waited past the bound. */
export type Unsealed = { waiting: number; late: number };

export type ChainVerdict =
  | { ok: true; count: number; headHash: string; checked: number; since: number; unsealed: Unsealed }
  | {
      ok: false;
      count: number;
      brokenAtId: number;
      reason: string;
      checked: number;
      since: number;
      unsealed: Unsealed;
    };

let checkpointKey: Buffer | undefined;
function sign(eventId: number, hash: string, count: number): string {
  // Derived, so the key that signs checkpoints is not the one that encrypts sessions.
  checkpointKey ??= Buffer.from(hkdfSync("sha256", env.AUTH_SECRET, "gatehouse", "gatehouse audit checkpoint v1", 32));
  return createHmac("sha256", checkpointKey).update(`${eventId}|${hash}|${count}`).digest("hex");
}

function signedRight(checkpoint: { eventId: number; hash: string; count: number; signature: string }): boolean {
  const expected = Buffer.from(sign(checkpoint.eventId, checkpoint.hash, checkpoint.count));
  const given = Buffer.from(checkpoint.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The newest checkpoint with a valid signature; forged or stale-key ones are passed over. */
async function latestCheckpoint() {
  let before: number | undefined;
  for (;;) {
    const batch = await db.auditCheckpoint.findMany({
      where: before === undefined ? {} : { eventId: { lt: before } },
      orderBy: { eventId: "desc" },
      take: 20,
    });
    if (batch.length === 0) return null;
    const valid = batch.find(signedRight);
    if (valid) return valid;
    before = batch.at(-1)!.eventId;
  }
}

async function signedCheckpointHashes(): Promise<Map<number, string>> {
  const hashes = new Map<number, string>();
  let after = 0;
  for (;;) {
    const batch = await db.auditCheckpoint.findMany({
      where: { eventId: { gt: after } },
      orderBy: { eventId: "asc" },
      take: BATCH,
    });
    for (const checkpoint of batch) {
      if (!signedRight(checkpoint)) continue;
      // Two signed checkpoints that disagree about one entry: it was rewritten between them.
      const known = hashes.get(checkpoint.eventId);
      hashes.set(checkpoint.eventId, known === undefined || known === checkpoint.hash ? checkpoint.hash : "rewritten");
    }
    if (batch.length < BATCH) return hashes;
    after = batch.at(-1)!.eventId;
  }
}

/**
 * Verifies the chain: from the latest signed checkpoint (the default), or from the first entry
 * (`full`). A chain that verifies to a new head gets a checkpoint there.
 */
export async function verifyAuditChain({ full = false }: { full?: boolean } = {}): Promise<ChainVerdict> {
  const unsealed = await unsealedEntries();
  const verdict = await verifySealed(full, unsealed);
  if (!verdict.ok || unsealed.late === 0) return verdict;
  // The chain holds, but an entry has waited too long for its place in it: every sealer may be
  // stopped, or something keeps it from sealing. Until sealed, an entry is not covered by any hash.
  return {
    ...verdict,
    ok: false,
    brokenAtId: unsealed.oldestLateId!,
    reason: `it has waited more than ${env.AUDIT_SEAL_LAG_SECONDS} s to be sealed (${unsealed.late} entries have)`,
    unsealed: { waiting: unsealed.waiting, late: unsealed.late },
  };
}

async function unsealedEntries() {
  const bound = new Date(Date.now() - env.AUDIT_SEAL_LAG_SECONDS * 1000);
  const [waiting, late, oldestLate] = await Promise.all([
    db.auditEvent.count({ where: { seq: null } }),
    db.auditEvent.count({ where: { seq: null, createdAt: { lt: bound } } }),
    db.auditEvent.findFirst({
      where: { seq: null, createdAt: { lt: bound } },
      orderBy: { id: "asc" },
      select: { id: true },
    }),
  ]);
  return { waiting, late, oldestLateId: oldestLate?.id ?? null };
}

async function verifySealed(full: boolean, { waiting, late }: Unsealed): Promise<ChainVerdict> {
  const unsealed = { waiting, late };
  let expectedPrev = GENESIS_HASH;
  let count = 0;
  let after = 0;
  let afterSeq = 0;
  const checkpoint = full ? null : await latestCheckpoint();
  if (checkpoint) {
    const event = await db.auditEvent.findUnique({
      where: { id: checkpoint.eventId },
      select: { hash: true, seq: true },
    });
    if (!event || event.seq === null || event.hash !== checkpoint.hash) {
      return {
        ok: false,
        count: checkpoint.count - 1,
        brokenAtId: checkpoint.eventId,
        reason: event
          ? "its hash is not the one recorded when the chain was last verified (history before it was rewritten)"
          : "it was verified before and is now missing (entries were removed)",
        checked: 0,
        since: checkpoint.eventId,
        unsealed,
      };
    }
    ({ hash: expectedPrev, count, eventId: after } = checkpoint);
    afterSeq = event.seq;
  }
  // The full check also holds every signed checkpoint against the entry it names: re-hashing alone
  // cannot tell a chain recomputed from some entry on from the original.
  const signedHashes = full ? await signedCheckpointHashes() : new Map<number, string>();
  const since = after;
  let headId = after;
  let checked = 0;
  for (;;) {
    // In the chain's order (the sealing order), sealed entries only.
    const batch = await db.auditEvent.findMany({
      // From the start, every sealed entry whatever its seq (a row forged with a seq below 1 is read too).
      where: checked === 0 && !checkpoint ? { seq: { not: null } } : { seq: { gt: afterSeq } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    for (const event of batch) {
      const signed = signedHashes.get(event.id);
      const reason =
        signed !== undefined && signed !== event.hash
          ? "its hash is not the one recorded when the chain was last verified (history before it was rewritten)"
          : event.prevHash !== expectedPrev
            ? "it does not follow the entry before it (an entry was removed or reordered)"
            : auditHash(event.prevHash!, event) !== event.hash
              ? "its contents do not match its hash (the entry was edited)"
              : null;
      if (reason) return { ok: false, count, brokenAtId: event.id, reason, checked, since, unsealed };
      expectedPrev = event.hash!;
      headId = event.id;
      count++;
      checked++;
    }
    if (batch.length < BATCH) break;
    afterSeq = batch.at(-1)!.seq!;
  }
  if (checked > 0) {
    // Two checks that reach the same head at once write two checkpoints for it; either serves.
    await db.auditCheckpoint.create({
      data: { eventId: headId, hash: expectedPrev, count, signature: sign(headId, expectedPrev, count) },
    });
  }
  return { ok: true, count, headHash: expectedPrev, checked, since, unsealed };
}
