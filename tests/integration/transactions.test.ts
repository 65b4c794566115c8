import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { serializable } from "@/lib/db-transaction";
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
