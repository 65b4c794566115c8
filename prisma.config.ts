import { existsSync } from "node:fs";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// Prisma skips .env when a config file exists; read it here so the CLI and the app agree.
if (existsSync(".env")) process.loadEnvFile(".env");
process.env.DATABASE_URL ??= "file:./prisma/dev.db";
const databaseUrl = process.env.DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // The WebAssembly schema engine: no native binary to download (see scripts/prisma.mjs).
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => new PrismaBetterSQLite3({ url: databaseUrl }),
});
