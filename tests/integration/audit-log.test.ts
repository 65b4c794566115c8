import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify";
import { recordAudit } from "@/lib/audit/record";
import { sealAuditChain } from "@/lib/audit/seal";
import { db } from "@/lib/db";
import { dropAuditTrigger } from "./support/tamper";

describe("the audit log", () => {
  it("keeps one unbroken chain when many events are recorded at once", async () => {
    await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        recordAudit({ action: "auth.sign_in_failed", targetEmail: `attempt-${index}@example.com` }),
      ),
    );
    // Inserted unsealed, with nothing read or locked; sealed afterwards, all 25 in one chain.
    expect(await db.auditEvent.count({ where: { seq: null } })).toBe(25);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, count: 0, unsealed: { waiting: 25, late: 0 } });
    expect(await sealAuditChain()).toBe(25);
    const verdict = await verifyAuditChain();
    expect(verdict).toMatchObject({ ok: true, count: 25, unsealed: { waiting: 0, late: 0 } });
    expect(await db.auditEvent.count()).toBe(25);
  });

  it("refuses updates and deletes at the database", async () => {
    await recordAudit({ action: "auth.sign_up", target: { id: "u1", email: "someone@example.com" } });
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET "targetEmail" = 'x@example.com'`).rejects.toThrow(
      /append-only/,
    );
    await expect(db.$executeRaw`DELETE FROM "AuditEvent"`).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.count({ where: { targetEmail: "someone@example.com" } })).toBe(1);
    // Sealing is the one change allowed, once, and only to the chain's own columns.
    const entry = await db.auditEvent.findFirstOrThrow({ where: { targetEmail: "someone@example.com" } });
    await expect(
      db.$executeRaw`UPDATE "AuditEvent" SET "seq" = 999999, "prevHash" = 'p', "hash" = 'h', "action" = 'auth.sign_in' WHERE "id" = ${entry.id}`,
    ).rejects.toThrow(/append-only/);
    await sealAuditChain();
    const sealed = await db.auditEvent.findUniqueOrThrow({ where: { id: entry.id } });
    expect(sealed.hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(
      db.$executeRaw`UPDATE "AuditEvent" SET "seq" = 999999, "prevHash" = 'p', "hash" = 'h' WHERE "id" = ${entry.id}`,
    ).rejects.toThrow(/append-only/);
  });

  it("detects a hand-edited entry, naming it", async () => {
    for (const email of ["a@example.com", "b@example.com", "c@example.com"]) {
      await recordAudit({
        action: "user.role_changed",
        target: { id: email, email },
        before: { role: "user" },
        after: { role: "writer" },
      });
    }
    await sealAuditChain();
    expect((await verifyAuditChain()).ok).toBe(true);
    const victim = await db.auditEvent.findFirstOrThrow({ where: { targetEmail: "b@example.com" } });

    // An attacker with database access removes the guard and rewrites history.
    await dropAuditTrigger("AuditEvent_no_update");
    await db.$executeRaw`UPDATE "AuditEvent" SET "after" = '{"role":"admin"}' WHERE "id" = ${victim.id}`;

    // The full check re-hashes every entry (the incremental one starts after its last checkpoint:
    // tests/integration/audit-checkpoints.test.ts).
    expect(await verifyAuditChain({ full: true })).toMatchObject({
      ok: false,
      brokenAtId: victim.id,
      reason: expect.stringContaining("edited"),
    });
  });
});
