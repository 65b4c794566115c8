#!/usr/bin/env node
// npm run db:restore -- <file> [--replace]: puts a backup from `npm run db:backup` into
// DATABASE_URL's database, then re-verifies the audit log's hash chain (npm run audit:verify).
// Stop the app first. A database that already holds tables is replaced only with --replace.
// SQLite: the file is rebuilt from the backup. PostgreSQL: pg_restore in one transaction (all or
// nothing), into an empty database, or over the existing one with --replace.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
const postgres = /^postgres(ql)?:\/\//.test(url);
const replace = process.argv.includes("--replace");
const source = process.argv.slice(2).find((arg) => !arg.startsWith("--"));

if (!source || !existsSync(source)) {
  console.error("Usage: npm run db:restore -- <backup file> [--replace]");
  process.exit(1);
}
const refuse = () => {
  console.error("The database already holds tables. Stop the app, then run again with --replace to overwrite it.");
  process.exit(1);
};

try {
  if (postgres) {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      "SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public'",
    );
    await client.end();
    if (rows[0].tables > 0 && !replace) refuse();
    const clean = rows[0].tables > 0 ? ["--clean", "--if-exists"] : [];
    execFileSync(
      "pg_restore",
      ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", ...clean, "--dbname", url, source],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
  } else {
    const file = url.replace(/^file:/, "");
    if (existsSync(file) && !replace) refuse();
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
    const { default: Database } = await import("better-sqlite3");
    const backup = new Database(source, { readonly: true, fileMustExist: true });
    await backup.backup(file);
    backup.close();
  }
} catch (error) {
  console.error(`Restore failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
console.log(`Restored ${source}. Checking the audit log...`);
const verify = spawnSync(
  process.execPath,
  ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/verify-audit-chain.ts", "--seal-first"],
  { stdio: "inherit", env: { ...process.env, DATABASE_URL: url } },
);
process.exit(verify.status ?? 1);
