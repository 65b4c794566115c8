// prisma/schema.prisma is the one source of truth for the data model. PostgreSQL needs its own
// schema file (Prisma fixes the provider per file, and generates a client per provider), so this
// derives prisma/postgres/schema.prisma from it: same models, provider "postgresql", and the client
// generated into node_modules/.prisma/postgres-client. `npm run db:check` fails if the committed
// copy differs from what this produces.
import { readFileSync, writeFileSync } from "node:fs";

export const POSTGRES_SCHEMA = "prisma/postgres/schema.prisma";

export function postgresSchema(source = readFileSync("prisma/schema.prisma", "utf8")) {
  const derived = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(
      /(generator client \{[^}]*?provider\s*=\s*"prisma-client-js")/,
      '$1\n  output     = "../../node_modules/.prisma/postgres-client"',
    );
  if (!derived.includes('provider = "postgresql"') || !derived.includes("postgres-client")) {
    throw new Error(
      "prisma/schema.prisma no longer has the datasource or generator block scripts/postgres-schema.mjs expects.",
    );
  }
  return `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs (npm run db:generate). Do not edit.\n${derived}`;
}

export function writePostgresSchema() {
  writeFileSync(POSTGRES_SCHEMA, postgresSchema());
}
