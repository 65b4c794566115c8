import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

export const TEMPLATE_DB = path.resolve("tests/.tmp/integration-template.db");

// Migrate once with the project's own script; each test file then works on its own copy.
export default function setup() {
  mkdirSync(path.dirname(TEMPLATE_DB), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${TEMPLATE_DB}${suffix}`, { force: true });
  execFileSync(process.execPath, ["scripts/db-migrate.mjs"], {
    stdio: "pipe",
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
  });
}
