import { randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll } from "vitest";

// Runs before each test file's imports, so lib/db opens this file's own copy of the migrated database.
const template = path.resolve("tests/.tmp/integration-template.db");
const own = path.resolve(`tests/.tmp/integration-${randomUUID()}.db`);
// Checkpoint so the copy holds every migrated table, not only what reached the main file.
const templateDb = new Database(template);
templateDb.pragma("wal_checkpoint(TRUNCATE)");
templateDb.close();
copyFileSync(template, own);
process.env.DATABASE_URL = `file:${own}`;
process.env.AUTH_SECRET = "integration-tests-only-secret-0123456789";

afterAll(async () => {
  const { db } = await import("@/lib/db");
  await db.$disconnect();
});
