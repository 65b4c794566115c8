import { Prisma } from "@prisma/client";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { serializable } from "@/lib/db-transaction";
import { metrics } from "@/lib/server/metrics";
import { usesPostgres } from "../../scripts/lib/test-databases.mjs";

// A Serializable transaction that loses a race is tried again, on either database, however the
// database words the loss.
describe.skipIf(usesPostgres)("a SQLite transaction whose snapshot went stale", () => {
  it("is tried again when another process wrote between its read and its write", async () => {
    const other = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
    let attempts = 0;
    const result = await serializable(async (tx) => {
      attempts++;
      await tx.setting.count();
      // Another process commits after this transaction read: its write can no longer go through as is.
      if (attempts === 1)
        other
          .prepare(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (?, ?, ?)`)
          .run("written-elsewhere", "x", Date.now());
      await tx.setting.create({ data: { key: `written-here-${attempts}`, value: "y" } });
      return attempts;
    });
    other.close();
    expect(result).toBe(2);
    expect(await db.setting.count({ where: { key: { startsWith: "written-" } } })).toBe(2);
  });
});

describe("a unique key that stays taken", () => {
  it("is a real duplicate: it reaches the caller as itself after a few tries, not as overload", async () => {
    await db.setting.create({ data: { key: "taken-for-good", value: "x" } });
    let attempts = 0;
    const outcome = serializable(async (tx) => {
      attempts++;
      await tx.setting.create({ data: { key: "taken-for-good", value: "y" } });
    });
    await expect(outcome).rejects.toMatchObject({ code: "P2002" });
    expect(attempts).toBe(3);
  });
});

describe.runIf(usesPostgres)("a PostgreSQL transaction that fails at COMMIT", () => {
  // Two transactions read the same rows and each then writes: PostgreSQL lets the first commit and
  // refuses the second at its COMMIT (a serialization failure). Prisma did not hand that connection
  // back to the pool, so after DATABASE_POOL_SIZE such conflicts nothing could reach the database.
  async function conflictAtCommit(round: number): Promise<string> {
    let bothRead!: () => void;
    const reads = new Promise<void>((resolve) => (bothRead = resolve));
    let readers = 0;
    let firstDone!: () => void;
    const first = new Promise<void>((resolve) => (firstDone = resolve));
    const writer = (name: string, waitFor?: Promise<void>) =>
      db.$transaction(
        async (tx) => {
          await tx.setting.count({ where: { key: { startsWith: `skew-${round}-` } } });
          if (++readers === 2) bothRead();
          await reads;
          await tx.setting.create({ data: { key: `skew-${round}-${name}`, value: name } });
          await waitFor;
        },
        { isolationLevel: Prisma.TransactionIsolationLevel.Serializable },
      );
    const outcomes = await Promise.allSettled([writer("a").finally(firstDone), writer("b", first)]);
    return outcomes.map((outcome) => outcome.status).join(",");
  }

  it("hands its connection back, so the database still answers after more conflicts than the pool has connections", async () => {
    const outcomes = [];
    for (let round = 0; round < 15; round++) outcomes.push(await conflictAtCommit(round));
    expect(outcomes.filter((outcome) => outcome === "fulfilled,rejected").length).toBeGreaterThan(10);
    const pool = (await metrics().registry.getSingleMetric("gatehouse_db_pool_connections")!.get()).values;
    const state = Object.fromEntries(pool.map((row) => [row.labels.state, row.value]));
    expect(state.waiting).toBe(0);
    expect(state.idle, "every connection is back in the pool").toBe(state.total);
    expect(await db.setting.count({ where: { key: { startsWith: "skew-" } } })).toBe(15);
  });
});
