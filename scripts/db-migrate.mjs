#!/usr/bin/env node
// Applies the committed migrations to DATABASE_URL (default file:./prisma/dev.db): the SQLite ones
// through Prisma, or, for a postgres:// URL, the PostgreSQL ones (see postgres-migrate.mjs).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";

if (/^postgres(ql)?:\/\//.test(url)) {
  const { migratePostgres } = await import("./postgres-migrate.mjs");
  await migratePostgres(url);
} else {
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url },
  });
  // Write-ahead logging lets readers carry on while one request writes. The mode is stored in the
  // file, so setting it once here covers every later connection.
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(url.replace(/^file:/, ""));
  db.pragma("journal_mode = WAL");
  db.close();
}
