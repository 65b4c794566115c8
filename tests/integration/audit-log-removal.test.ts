import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify";
import { recordAudit } from "@/lib/audit/record";
import { sealAuditChain } from "@/lib/audit/seal";
import { db } from "@/lib/db";
import { dropAuditTrigger } from "./support/tamper";

// A file of its own: its database has no other tampering that the verdict could point at first.
describe("the audit log", () => {
  it("detects an entry removed from the middle", async () => {
    const before = await db.auditEvent.count();
    for (const email of ["d@example.com", "e@example.com", "f@example.com"]) {
      await recordAudit({ action: "user.sessions_ended", target: { id: email, email } });
    }
    await sealAuditChain();
    const middle = await db.auditEvent.findFirstOrThrow({ where: { targetEmail: "e@example.com" } });
    await dropAuditTrigger("AuditEvent_no_delete");
    await db.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${middle.id}`;
    const last = await db.auditEvent.findFirstOrThrow({ where: { targetEmail: "f@example.com" } });
    expect(await verifyAuditChain()).toMatchObject({
      ok: false,
      brokenAtId: last.id,
      reason: expect.stringContaining("removed"),
    });
    expect(await db.auditEvent.count()).toBe(before + 2);
  });
});
