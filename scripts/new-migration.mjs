#!/usr/bin/env node
// Writes the migration for a change made to prisma/schema.prisma, for both databases:
// prisma/migrations/<timestamp>_<name>/ (SQLite) and prisma/postgres/migrations/<timestamp>_<name>/.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { hasStatements, migrationDiffSql, postgresMigrationDiffSql } from "./migration-diff.mjs";
import { writePostgresSchema } from "./postgres-schema.mjs";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration:new -- <name>   (lowercase letters, digits and _ only)");
  process.exit(2);
}
writePostgresSchema();
const sql = migrationDiffSql();
if (!hasStatements(sql)) {
  console.log("prisma/schema.prisma matches the migrations; nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const postgresSql = postgresMigrationDiffSql();
for (const [root, text] of [
  [path.join("prisma", "migrations"), sql],
  [path.join("prisma", "postgres", "migrations"), postgresSql],
]) {
  const dir = path.join(root, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), text);
  console.log(`Wrote ${dir}/migration.sql`);
}
console.log("Review both, run `npm run db:check`, then `npm run db:generate`.");
