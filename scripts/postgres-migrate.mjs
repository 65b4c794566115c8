// Applies prisma/postgres/migrations to a PostgreSQL database.
//
// `prisma migrate deploy` cannot do this offline: through @prisma/adapter-pg, the WebAssembly
// schema engine fails on PostgreSQL's `name` type while reading the catalog (prisma/orm#27403),
// and the native engine would have to be downloaded. So each committed migration.sql is applied
// here, in its own transaction, and recorded in Prisma's own `_prisma_migrations` table with
// Prisma's checksum, so the native `prisma migrate deploy` sees the same history. An advisory lock
// (the one Prisma uses) keeps two instances starting together from migrating at once.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export const POSTGRES_MIGRATIONS = "prisma/postgres/migrations";
const PRISMA_ADVISORY_LOCK = 72707369;

export function committedMigrations(dir = POSTGRES_MIGRATIONS) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migratePostgres(connectionString, { log = console.log } = {}) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const applied = new Map(
      (
        await client.query(
          `SELECT "migration_name", "checksum" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
        )
      ).rows.map((row) => [row.migration_name, row.checksum]),
    );
    let count = 0;
    for (const migration of committedMigrations()) {
      if (applied.has(migration.name)) {
        if (applied.get(migration.name) !== migration.checksum) {
          throw new Error(
            `Migration ${migration.name} was changed after it was applied. Restore it and add a new migration instead.`,
          );
        }
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "finished_at", "applied_steps_count") VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${error.message}`);
      }
      log(`Applied ${migration.name}`);
      count++;
    }
    log(
      count === 0 ? "PostgreSQL is up to date." : `Applied ${count} migration${count === 1 ? "" : "s"} to PostgreSQL.`,
    );
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => {});
    await client.end();
  }
}
