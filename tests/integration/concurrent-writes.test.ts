import { describe, expect, it, vi } from "vitest";
import { createArticle } from "@/lib/articles/commands";
import { recordAudit } from "@/lib/audit/record";
import { sealAuditChain } from "@/lib/audit/seal";
import { verifyAuditChain } from "@/lib/audit/verify";
import { db } from "@/lib/db";
import { createToken } from "@/lib/tokens/commands";

// Writes under concurrency (issue 30): each change and its audit entry commit together, and no write
// waits for another to extend the hash chain, so many writers at once all succeed; the sealer then
// chains every entry, and the chain verifies.

const WRITERS = 24;

async function people(count: number) {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      db.user.create({
        data: { email: `writer-${index}-${crypto.randomUUID().slice(0, 8)}@example.test`, role: "writer" },
        select: { id: true, email: true },
      }),
    ),
  );
}

describe("many writers at once", () => {
  it(`all succeed (${WRITERS} articles and ${WRITERS} tokens), each with its entry, and the sealed chain verifies`, async () => {
    const writers = await people(WRITERS);
    const before = await db.auditEvent.count();
    const outcomes = await Promise.allSettled(
      writers.flatMap((person, index) => [
        createArticle(person, { title: `Article ${index}`, body: "Written at the same moment as the others." }),
        createToken(person, { name: `token ${index}`, scopes: ["articles:read"], expiresAt: null }),
      ]),
    );
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toEqual([]);
    expect(await db.auditEvent.count()).toBe(before + 2 * WRITERS);
    await sealAuditChain();
    const verdict = await verifyAuditChain({ full: true });
    expect(verdict).toMatchObject({ ok: true, count: before + 2 * WRITERS, unsealed: { waiting: 0, late: 0 } });
    // Every entry has its own place: the chain's order has no gap and no repeat.
    const places = (await db.auditEvent.findMany({ select: { seq: true }, orderBy: { seq: "asc" } })).map(
      (row) => row.seq,
    );
    expect(places).toEqual(Array.from({ length: places.length }, (_, index) => index + 1));
  });

  it("two sealers at once chain every entry once", async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        recordAudit({ action: "auth.sign_in_failed", targetEmail: `race-${index}@example.com` }),
      ),
    );
    await Promise.all([sealAuditChain(), sealAuditChain(), sealAuditChain()]);
    await sealAuditChain();
    expect(await verifyAuditChain({ full: true })).toMatchObject({ ok: true, unsealed: { waiting: 0 } });
  });
});

describe("an entry the sealer never reached", () => {
  it("is reported by verification once it has waited past AUDIT_SEAL_LAG_SECONDS", async () => {
    await sealAuditChain();
    await recordAudit({ action: "auth.sign_in_failed", targetEmail: "waits@example.com" });
    const entry = await db.auditEvent.findFirstOrThrow({ where: { targetEmail: "waits@example.com" } });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, unsealed: { waiting: 1, late: 0 } });
    vi.useFakeTimers({ now: Date.now() + 61_000, toFake: ["Date"] });
    try {
      expect(await verifyAuditChain()).toMatchObject({
        ok: false,
        brokenAtId: entry.id,
        reason: expect.stringContaining("to be sealed"),
        unsealed: { waiting: 1, late: 1 },
      });
    } finally {
      vi.useRealTimers();
    }
    await sealAuditChain();
    expect(await verifyAuditChain()).toMatchObject({ ok: true, unsealed: { waiting: 0, late: 0 } });
  });
});
