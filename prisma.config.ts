import { existsSync } from "node:fs";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

// Prisma skips .env when a config file exists; read it here so the CLI and the app agree.
if (existsSync(".env")) process.loadEnvFile(".env");
process.env.DATABASE_URL ??= "file:./prisma/dev.db";
const databaseUrl = process.env.DATABASE_URL;
// The URL picks the database: a postgres:// URL uses the PostgreSQL schema (derived from
// prisma/schema.prisma) and its own migrations; anything else is the embedded SQLite file.
const isPostgres = /^postgres(ql)?:\/\//.test(databaseUrl);

export default defineConfig({
  schema: isPostgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: isPostgres ? "prisma/postgres/migrations" : "prisma/migrations" },
  // The WebAssembly schema engine: no native binary to download (see scripts/prisma.mjs).
  engine: "js",
  experimental: { adapter: true },
  adapter: async () =>
    isPostgres ? new PrismaPg({ connectionString: databaseUrl }) : new PrismaBetterSQLite3({ url: databaseUrl }),
});
