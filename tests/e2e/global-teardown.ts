import { existsSync, readFileSync, rmSync } from "node:fs";
import { dropDatabase } from "../../scripts/lib/test-databases.mjs";

// Drops the PostgreSQL database tests/e2e/server.mjs made for this run, if it made one.
export default async function teardown() {
  const marker = "tests/.tmp/e2e-postgres-database";
  if (!existsSync(marker)) return;
  await dropDatabase(readFileSync(marker, "utf8").trim());
  rmSync(marker, { force: true });
}
