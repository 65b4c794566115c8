import { randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll } from "vitest";
import { createDatabase, dropDatabase, uniqueDatabaseName, usesPostgres } from "../../scripts/lib/test-databases.mjs";

// Runs before each test file's imports, so lib/db opens this file's own copy of the migrated database.
process.env.AUTH_SECRET = "integration-tests-only-secret-0123456789";
let ownPostgres: string | undefined;

if (usesPostgres) {
  ownPostgres = uniqueDatabaseName("it");
  process.env.DATABASE_URL = await createDatabase(ownPostgres, process.env.GATEHOUSE_IT_TEMPLATE);
} else {
  const template = path.resolve("tests/.tmp/integration-template.db");
  const own = path.resolve(`tests/.tmp/integration-${randomUUID()}.db`);
  // Checkpoint so the copy holds every migrated table, not only what reached the main file.
  const templateDb = new Database(template);
  templateDb.pragma("wal_checkpoint(TRUNCATE)");
  templateDb.close();
  copyFileSync(template, own);
  process.env.DATABASE_URL = `file:${own}`;
}

afterAll(async () => {
  const { db } = await import("@/lib/db");
  await db.$disconnect();
  if (ownPostgres) await dropDatabase(ownPostgres);
});
