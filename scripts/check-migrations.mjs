#!/usr/bin/env node
// Fails when the two databases' migrations and the one data model have drifted apart:
//  1. prisma/postgres/schema.prisma must be what prisma/schema.prisma derives (npm run db:generate);
//  2. the SQLite migrations must build prisma/schema.prisma;
//  3. the PostgreSQL migrations must build the same tables, columns, indexes and constraints as
//     prisma/postgres/schema.prisma (checked on scratch databases on TEST_POSTGRES_URL's server).
import { readFileSync } from "node:fs";
import { hasStatements, migrationDiffSql } from "./migration-diff.mjs";
import { postgresDrift } from "./postgres-drift.mjs";
import { POSTGRES_SCHEMA, postgresSchema } from "./postgres-schema.mjs";

let failed = false;
if (readFileSync(POSTGRES_SCHEMA, "utf8") !== postgresSchema()) {
  console.error(`${POSTGRES_SCHEMA} is out of date. Run \`npm run db:generate\` and commit it.`);
  failed = true;
}
const sql = migrationDiffSql();
if (hasStatements(sql)) {
  console.error("prisma/schema.prisma and prisma/migrations have drifted. Missing SQL:\n\n" + sql);
  failed = true;
}
const problems = await postgresDrift();
if (problems.length > 0) {
  console.error("prisma/postgres/migrations and the schema have drifted:\n  " + problems.join("\n  "));
  failed = true;
}
if (failed) {
  console.error("Run `npm run db:migration:new -- <name>` (it writes both migrations) and commit the result.");
  process.exit(1);
}
console.log("SQLite and PostgreSQL migrations match prisma/schema.prisma.");
