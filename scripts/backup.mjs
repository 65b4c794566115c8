#!/usr/bin/env node
// npm run db:backup [-- <file>]: a consistent copy of DATABASE_URL's database while the app keeps
// running. SQLite: SQLite's online backup (a plain file copy of a live database can catch a write
// half done, or miss what is still in the write-ahead log). PostgreSQL: pg_dump's custom format
// (one snapshot; the PostgreSQL client tools must be installed). Restore with `npm run db:restore`.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";

if (existsSync(".env")) process.loadEnvFile(".env");
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
const postgres = /^postgres(ql)?:\/\//.test(url);
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const target = path.resolve(process.argv[2] ?? `backups/gatehouse-${stamp}.${postgres ? "dump" : "db"}`);

if (existsSync(target)) {
  console.error(`${target} exists already; name a new file.`);
  process.exit(1);
}
mkdirSync(path.dirname(target), { recursive: true });
const started = Date.now();
try {
  if (postgres) {
    execFileSync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", target, url], {
      stdio: ["ignore", "inherit", "inherit"],
    });
  } else {
    const { default: Database } = await import("better-sqlite3");
    const source = new Database(url.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
    await source.backup(target);
    source.close();
  }
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
const megabytes = (statSync(target).size / 1024 / 1024).toFixed(1);
console.log(`Backed up to ${target} (${megabytes} MB in ${((Date.now() - started) / 1000).toFixed(1)} s).`);
