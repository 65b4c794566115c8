import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { auditHash } from "@/lib/audit/chain";
import { recordAudit } from "@/lib/audit/record";
import { sealAuditChain } from "@/lib/audit/seal";
import { verifyAuditChain } from "@/lib/audit/verify";
import { db } from "@/lib/db";
import { dropAuditTrigger } from "./support/tamper";

// Incremental verification: each check that succeeds leaves a signed checkpoint, and the next one
// re-hashes only the entries after it. What an attacker with database access (but not AUTH_SECRET)
// can and cannot get past it.

/** Appends `count` entries, one after another, and seals them, as the server's sealer would. */
const record = (count: number, label: string) =>
  Array.from({ length: count })
    .reduce<Promise<void>>(
      (previous, _, index) =>
        previous.then(() =>
          recordAudit({ action: "auth.sign_in_failed", targetEmail: `${label}-${index}@example.com` }),
        ),
      Promise.resolve(),
    )
    .then(() => sealAuditChain());

/** Rewrites entry `id`'s contents and recomputes every hash from it to the head, as a careful attacker would. */
async function rewriteHistoryFrom(id: number) {
  await dropAuditTrigger("AuditEvent_no_update");
  await db.$executeRaw`UPDATE "AuditEvent" SET "targetEmail" = 'nobody@example.com' WHERE "id" = ${id}`;
  const events = await db.auditEvent.findMany({ where: { id: { gte: id } }, orderBy: { id: "asc" } });
  let prevHash = (await db.auditEvent.findFirst({ where: { id: { lt: id } }, orderBy: { id: "desc" } }))!.hash!;
  // Unique hashes: park the rewritten ones under temporary values first.
  for (const event of events) {
    await db.$executeRaw`UPDATE "AuditEvent" SET "hash" = ${`tmp-${event.id}`}, "prevHash" = ${`tmpp-${event.id}`} WHERE "id" = ${event.id}`;
  }
  for (const event of events) {
    const hash = auditHash(prevHash, event);
    await db.$executeRaw`UPDATE "AuditEvent" SET "prevHash" = ${prevHash}, "hash" = ${hash} WHERE "id" = ${event.id}`;
    prevHash = hash;
  }
  return prevHash;
}

describe("audit checkpoints", () => {
  it("are not blocked by a row written without the key for the same entry", async () => {
    await record(3, "blocked");
    const head = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    await db.auditCheckpoint.create({
      data: { eventId: head.id, hash: head.hash!, count: 3, signature: "0".repeat(64) },
    });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, count: 3, checked: 3, since: 0 });
    // The check left its own, signed checkpoint at that entry: the next one starts there.
    expect(await verifyAuditChain()).toMatchObject({ ok: true, count: 3, checked: 0, since: head.id });
  });

  it("leave an edit in place before the checkpoint to the full check", async () => {
    await record(10, "quiet");
    expect((await verifyAuditChain()).ok).toBe(true);
    const victim = await db.auditEvent.findFirstOrThrow({ where: { targetEmail: "quiet-3@example.com" } });
    await dropAuditTrigger("AuditEvent_no_update");
    await db.$executeRaw`UPDATE "AuditEvent" SET "targetEmail" = 'someone@example.com' WHERE "id" = ${victim.id}`;
    // The stated limit of the incremental check (lib/audit/verify.ts): this is what the full one is for.
    expect((await verifyAuditChain()).ok).toBe(true);
    expect(await verifyAuditChain({ full: true })).toMatchObject({ ok: false, brokenAtId: victim.id });
    await db.$executeRaw`UPDATE "AuditEvent" SET "targetEmail" = 'quiet-3@example.com' WHERE "id" = ${victim.id}`;
    expect(await verifyAuditChain({ full: true })).toMatchObject({ ok: true, count: 13 });
  });
  it("re-hash only what came after the last check, and still find a rewritten history", async () => {
    await record(30, "first");
    expect(await verifyAuditChain()).toMatchObject({ ok: true, count: 43, checked: 30 });
    await record(5, "second");
    const second = await verifyAuditChain();
    expect(second).toMatchObject({ ok: true, count: 48, checked: 5 });
    expect(second.since).toBeGreaterThan(0);
    // Nothing new: nothing to re-hash.
    expect(await verifyAuditChain()).toMatchObject({ ok: true, count: 48, checked: 0 });

    // An entry edited after the checkpoint is found by the incremental check.
    await record(3, "third");
    const late = await db.auditEvent.findFirstOrThrow({ where: { targetEmail: "third-1@example.com" } });
    await dropAuditTrigger("AuditEvent_no_update");
    await db.$executeRaw`UPDATE "AuditEvent" SET "after" = '{"forged":true}' WHERE "id" = ${late.id}`;
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAtId: late.id, checked: 1 });
    await db.$executeRaw`UPDATE "AuditEvent" SET "after" = NULL WHERE "id" = ${late.id}`;
    expect(await verifyAuditChain()).toMatchObject({ ok: true, count: 51 });

    // History before the checkpoint rewritten with every hash recomputed: the checkpoint's entry no
    // longer has the hash it was signed with.
    const old = await db.auditEvent.findFirstOrThrow({ where: { targetEmail: "first-10@example.com" } });
    await rewriteHistoryFrom(old.id);
    const checkpoint = await db.auditCheckpoint.findFirstOrThrow({ orderBy: { eventId: "desc" } });
    expect(await verifyAuditChain()).toMatchObject({
      ok: false,
      brokenAtId: checkpoint.eventId,
      reason: expect.stringContaining("rewritten"),
    });

    // A checkpoint written without the key (for the rewritten head) is passed over, not trusted.
    const head = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    await db.auditCheckpoint.deleteMany({ where: { eventId: { gte: checkpoint.eventId } } });
    await db.auditCheckpoint.create({
      data: {
        eventId: head.id + 1000,
        hash: head.hash!,
        count: 51,
        signature: createHash("sha256").update("guess").digest("hex"),
      },
    });
    // ...so the check falls back to the older signed checkpoint or the start, and re-hashes from there.
    expect(await verifyAuditChain()).toMatchObject({ ok: false });
    // The full check re-hashes a consistent (recomputed) chain, so re-hashing alone would pass it;
    // the signed checkpoints it also holds each entry against are what catch the rewrite.
    const full = await verifyAuditChain({ full: true });
    expect(full).toMatchObject({ ok: false, reason: expect.stringContaining("rewritten") });
    expect(full.ok ? 0 : full.brokenAtId).toBeGreaterThanOrEqual(old.id);
  });
});
