#!/usr/bin/env node
// Writes prisma/migrations/<timestamp>_<name>/migration.sql for the change made to prisma/schema.prisma.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { hasStatements, migrationDiffSql } from "./migration-diff.mjs";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration:new -- <name>   (lowercase letters, digits and _ only)");
  process.exit(2);
}
const sql = migrationDiffSql();
if (!hasStatements(sql)) {
  console.log("prisma/schema.prisma matches the migrations; nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Wrote ${dir}/migration.sql`);
