#!/usr/bin/env node
// Generates both Prisma clients: SQLite (@prisma/client) and PostgreSQL (.prisma/postgres-client),
// after deriving the PostgreSQL schema from prisma/schema.prisma. Runs at `npm ci` (postinstall).
import { execFileSync } from "node:child_process";
import { POSTGRES_SCHEMA, writePostgresSchema } from "./postgres-schema.mjs";

writePostgresSchema();
for (const schema of ["prisma/schema.prisma", POSTGRES_SCHEMA]) {
  execFileSync(process.execPath, ["scripts/prisma.mjs", "generate", "--schema", schema], { stdio: "inherit" });
}
