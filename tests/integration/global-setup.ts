import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createDatabase, dropDatabase, uniqueDatabaseName, usesPostgres } from "../../scripts/lib/test-databases.mjs";

export const TEMPLATE_DB = path.resolve("tests/.tmp/integration-template.db");

// Migrate once with the project's own script; each test file then works on its own copy
// (a copied SQLite file, or a PostgreSQL database made from this one as a template).
export default async function setup() {
  if (usesPostgres) {
    const template = uniqueDatabaseName("it_template");
    const url = await createDatabase(template);
    execFileSync(process.execPath, ["scripts/db-migrate.mjs"], {
      stdio: "pipe",
      env: { ...process.env, DATABASE_URL: url },
    });
    process.env.GATEHOUSE_IT_TEMPLATE = template;
    return async () => dropDatabase(template);
  }
  mkdirSync(path.dirname(TEMPLATE_DB), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${TEMPLATE_DB}${suffix}`, { force: true });
  execFileSync(process.execPath, ["scripts/db-migrate.mjs"], {
    stdio: "pipe",
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
  });
}
