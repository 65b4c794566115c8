import { describe, expect, it } from "vitest";
import { listPeoplePage } from "@/lib/people/queries";
import { peopleFiltersSchema } from "@/lib/people/schemas";
import { listAuditPage, AUDIT_PAGE_SIZE } from "@/lib/audit/queries";
import { recordAudit } from "@/lib/audit/record";
import { auditFiltersSchema } from "@/lib/audit/schemas";
import { db } from "@/lib/db";
import { seedBulkPeople } from "@/prisma/bulk-people";

async function walk(query: Record<string, string>) {
  const emails: string[] = [];
  let cursor: string | undefined;
  do {
    const { people, nextCursor } = await listPeoplePage(peopleFiltersSchema.parse({ ...query, cursor }));
    emails.push(...people.map((person) => person.email));
    cursor = nextCursor;
  } while (cursor);
  return emails;
}

describe("the admin people list", () => {
  it("pages through everyone, newest first, without repeats or gaps", async () => {
    await seedBulkPeople(db, 120);
    const emails = await walk({});
    expect(emails).toHaveLength(await db.user.count());
    expect(new Set(emails).size).toBe(emails.length);
    const rows = await db.user.findMany({
      where: { email: { in: emails.slice(0, 30) } },
      select: { email: true, createdAt: true },
    });
    const created = new Map(rows.map((row) => [row.email, row.createdAt.getTime()]));
    const times = emails.slice(0, 30).map((email) => created.get(email)!);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("sorts oldest first when asked", async () => {
    const newest = await walk({});
    const oldest = await walk({ sort: "oldest" });
    expect(oldest).toEqual([...newest].reverse());
  });

  it("filters by role and by status, across pages", async () => {
    const editors = await walk({ role: "editor" });
    expect(editors.length).toBe(await db.user.count({ where: { role: "editor" } }));
    expect(editors.length).toBeGreaterThan(0);
    const disabled = await walk({ status: "disabled" });
    expect(disabled.length).toBe(await db.user.count({ where: { disabledAt: { not: null } } }));
    expect(disabled.length).toBeGreaterThan(0);
    const activeWriters = await walk({ role: "writer", status: "active" });
    expect(activeWriters.length).toBe(await db.user.count({ where: { role: "writer", disabledAt: null } }));
  });

  it("finds people by email or name prefix, ignoring case", async () => {
    expect(await walk({ q: "GRACE.7" })).toEqual(
      expect.arrayContaining(["grace.7@bulk.gatehouse.test", "grace.71@bulk.gatehouse.test"]),
    );
    const byName = await walk({ q: "grace 7" });
    expect(byName).toContain("grace.7@bulk.gatehouse.test");
    expect(byName.every((email) => email.startsWith("grace."))).toBe(true);
    expect(await walk({ q: "nobody-matches-this" })).toEqual([]);
  });

  it("treats a forged cursor or unknown filter as no filter, not an error", async () => {
    const { people } = await listPeoplePage(
      peopleFiltersSchema.parse({ cursor: "forged", role: "Super User!", status: "gone", sort: "sideways" }),
    );
    expect(people.length).toBeGreaterThan(0);
  });
});

describe("the audit log list", () => {
  it("filters by event and by email prefix, and pages back in time", async () => {
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++)
      await recordAudit({ action: "auth.sign_in_failed", targetEmail: `guess-${i}@example.com` });
    await recordAudit({
      action: "user.role_changed",
      actor: { id: "a", email: "boss@example.com" },
      target: { id: "t", email: "worker@example.com" },
    });

    const roleChanges = await listAuditPage(auditFiltersSchema.parse({ action: "user.role_changed" }));
    expect(roleChanges.events.map((event) => event.targetEmail)).toEqual(["worker@example.com"]);
    expect((await listAuditPage(auditFiltersSchema.parse({ q: "BOSS@" }))).events).toHaveLength(1);

    const first = await listAuditPage(auditFiltersSchema.parse({ action: "auth.sign_in_failed" }));
    expect(first.events).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.newerThan).toBeUndefined();
    const second = await listAuditPage(auditFiltersSchema.parse({ action: "auth.sign_in_failed" }), {
      before: first.olderThan,
    });
    expect(second.events).toHaveLength(5);
    expect(second.olderThan).toBeUndefined();
    expect(Math.max(...second.events.map((event) => event.id))).toBeLessThan(
      Math.min(...first.events.map((event) => event.id)),
    );
    // And back: the newer page is the first page again, newest first.
    const back = await listAuditPage(auditFiltersSchema.parse({ action: "auth.sign_in_failed" }), {
      after: second.newerThan,
    });
    expect(back.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
    expect(back.newerThan).toBeUndefined();
  });

  it("filters by date, with the end date inclusive", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const { events } = await listAuditPage(auditFiltersSchema.parse({ from: today, to: today }));
    expect(events.length).toBeGreaterThan(0);
    expect((await listAuditPage(auditFiltersSchema.parse({ to: "2000-01-01" }))).events).toEqual([]);
  });
});
