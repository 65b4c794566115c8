import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { dropAuditTrigger } from "./support/tamper";

describe("the audit log", () => {
  it("keeps one unbroken chain when many events are recorded at once", async () => {
    await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        recordAudit({ action: "auth.sign_in_failed", targetEmail: `attempt-${index}@example.com` }),
      ),
    );
    const verdict = await verifyAuditChain();
    expect(verdict).toMatchObject({ ok: true, count: 25 });
    expect(await db.auditEvent.count()).toBe(25);
  });

  it("refuses updates and deletes at the database", async () => {
    await recordAudit({ action: "auth.sign_up", target: { id: "u1", email: "someone@example.com" } });
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET "targetEmail" = 'x@example.com'`).rejects.toThrow(
      /append-only/,
    );
    await expect(db.$executeRaw`DELETE FROM "AuditEvent"`).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.count({ where: { targetEmail: "someone@example.com" } })).toBe(1);
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
