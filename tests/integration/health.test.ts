import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { checkDatabase, checkMigrations, checkRateLimitStore } from "@/lib/health";

describe("readiness checks", () => {
  it("report the database up, every shipped migration applied, and no shared store to ask", async () => {
    expect(await checkDatabase()).toMatchObject({ status: "ok" });
    expect(await checkMigrations()).toMatchObject({ status: "ok" });
    expect(await checkRateLimitStore()).toEqual({ status: "not configured" });
  });

  it("name a migration the database has not applied", async () => {
    const [newest] = await db.$queryRaw<Array<{ migration_name: string }>>`
      SELECT "migration_name" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`;
    await db.$executeRaw`UPDATE "_prisma_migrations" SET "finished_at" = NULL WHERE "migration_name" = ${newest.migration_name}`;
    try {
      expect(await checkMigrations()).toEqual({ status: "pending", pending: [newest.migration_name] });
    } finally {
      await db.$executeRaw`UPDATE "_prisma_migrations" SET "finished_at" = ${new Date()} WHERE "migration_name" = ${newest.migration_name}`;
    }
    expect(await checkMigrations()).toMatchObject({ status: "ok" });
  });
});
