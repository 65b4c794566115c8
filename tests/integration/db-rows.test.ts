import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { livePersonFor } from "@/lib/auth/session/live-session";
import { databaseProvider, db } from "@/lib/db";
import { queryRows, queryRowsOf, placeholder } from "@/lib/db-rows";

// Reads sent straight to the driver adapter (lib/db-rows.ts) must give what Prisma's own raw query
// gives for the same statement: the hot path's decisions read these values.
describe("reads straight through the driver adapter", () => {
  it("give the same rows as Prisma's raw query: dates, integers, counts, nulls", async () => {
    const person = await db.user.create({
      data: { email: `rows-${randomUUID()}@example.com`, name: null, role: "editor", emailVerified: new Date() },
    });
    await db.passkey.create({
      data: { id: randomUUID(), userId: person.id, name: "Phone", publicKey: "public-key", counter: 7n },
    });
    const direct = await queryRows<Record<string, unknown>>`
      SELECT u."id", u."email", u."name", u."role", u."emailVerified", u."disabledAt", u."sessionVersion",
             u."createdAt", (SELECT COUNT(*) FROM "Passkey" p WHERE p."userId" = u."id") AS "passkeys"
      FROM "User" u WHERE u."id" = ${person.id}`;
    const viaPrisma = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT u."id", u."email", u."name", u."role", u."emailVerified", u."disabledAt", u."sessionVersion",
              u."createdAt", (SELECT COUNT(*) FROM "Passkey" p WHERE p."userId" = u."id") AS "passkeys"
       FROM "User" u WHERE u."id" = ${placeholder(1)}`,
      person.id,
    );
    expect(direct).toHaveLength(1);
    const [row] = direct;
    expect(row.emailVerified).toBeInstanceOf(Date);
    expect((row.emailVerified as Date).getTime()).toBe(person.emailVerified!.getTime());
    expect((row.createdAt as Date).getTime()).toBe(person.createdAt.getTime());
    expect(row.name).toBeNull();
    expect(row.disabledAt).toBeNull();
    expect(Number(row.passkeys)).toBe(1);
    expect(Number(row.sessionVersion)).toBe(person.sessionVersion);
    for (const key of Object.keys(viaPrisma[0])) {
      const [ours, theirs] = [row[key], viaPrisma[0][key]];
      if (theirs instanceof Date) expect((ours as Date).getTime(), key).toBe(theirs.getTime());
      else expect(ours === null ? null : String(ours), key).toBe(theirs === null ? null : String(theirs));
    }
  });

  it("bind Dates as the column stores them, so comparisons on dates work", async () => {
    const person = await db.user.create({ data: { email: `rows-${randomUUID()}@example.com` } });
    const before = new Date(person.createdAt.getTime() - 1);
    const after = new Date(person.createdAt.getTime() + 1);
    const rows = await queryRowsOf<{ id: string }>(
      `SELECT "id" FROM "User" WHERE "id" = ${placeholder(1)} AND "createdAt" > ${placeholder(2)} AND "createdAt" < ${placeholder(3)}`,
      [person.id, before, after],
    );
    expect(rows.map((row) => row.id)).toEqual([person.id]);
  });

  it.runIf(databaseProvider === "sqlite")(
    "read SQLite timestamps written without a zone, or as epoch milliseconds, as UTC",
    async () => {
      const person = await db.user.create({ data: { email: `rows-${randomUUID()}@example.com` } });
      await db.$executeRawUnsafe(
        `UPDATE "User" SET "emailVerified" = '2026-01-02 03:04:05', "disabledAt" = 1767323045000 WHERE "id" = ?`,
        person.id,
      );
      const [row] = await queryRows<{ emailVerified: Date; disabledAt: Date }>`
        SELECT "emailVerified", "disabledAt" FROM "User" WHERE "id" = ${person.id}`;
      expect(row.emailVerified.toISOString()).toBe("2026-01-02T03:04:05.000Z");
      expect(row.disabledAt.toISOString()).toBe("2026-01-02T03:04:05.000Z");
    },
  );

  it("keep working after Prisma disconnects and connects again", async () => {
    const person = await db.user.create({ data: { email: `rows-${randomUUID()}@example.com` } });
    await db.$disconnect();
    const rows = await queryRows<{ id: string }>`SELECT "id" FROM "User" WHERE "id" = ${person.id}`;
    expect(rows).toEqual([{ id: person.id }]);
  });

  it("answer the session check for a live session and refuse an ended one", async () => {
    const person = await db.user.create({
      data: { email: `rows-${randomUUID()}@example.com`, role: "writer", emailVerified: new Date() },
    });
    const sid = randomUUID();
    await db.signedInSession.create({
      data: { sid, userId: person.id, expiresAt: new Date(Date.now() + 3600_000) },
    });
    const live = await livePersonFor({ sub: person.id, sid, sv: person.sessionVersion });
    expect(live).toMatchObject({ id: person.id, role: "writer", sessionVersion: person.sessionVersion });
    expect(live?.authenticatedAt).toBeInstanceOf(Date);
    await db.signedInSession.update({ where: { sid }, data: { endedAt: new Date() } });
    expect(await livePersonFor({ sub: person.id, sid, sv: person.sessionVersion })).toBeNull();
  });
});
