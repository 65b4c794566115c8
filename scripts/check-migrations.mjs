#!/usr/bin/env node
// Fails when prisma/schema.prisma has changes that no committed migration carries.
import { hasStatements, migrationDiffSql } from "./migration-diff.mjs";

const sql = migrationDiffSql();
if (hasStatements(sql)) {
  console.error("prisma/schema.prisma and prisma/migrations have drifted. Missing SQL:\n\n" + sql);
  console.error("Run `npm run db:migration:new -- <name>` and commit the result.");
  process.exit(1);
}
console.log("Migrations match prisma/schema.prisma.");
