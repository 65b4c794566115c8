#!/usr/bin/env node
// Playwright's web server: a fresh SQLite database, the test people, and the production build
// (`next build` must have run; scripts/test.mjs does it) served by `next start`.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";

const PORT = "3100";
const dbFile = "tests/.tmp/e2e.db";
const env = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: `file:./${dbFile}`,
  // Must match tests/e2e/support/fixtures.ts, so specs can forge tokens signed with the right key.
  AUTH_SECRET: "e2e-only-secret-for-a-throwaway-database-0123456789",
  AUTH_URL: `http://localhost:${PORT}`,
  NEXT_TELEMETRY_DISABLED: "1",
};

if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build in .next/. Run `npm run build` first (npm test does it for you).");
  process.exit(1);
}

mkdirSync("tests/.tmp", { recursive: true });
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${dbFile}${suffix}`, { force: true });
execFileSync(process.execPath, ["scripts/db-migrate.mjs"], { env, stdio: ["ignore", "ignore", "inherit"] });
execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "tests/e2e/support/create-people.ts"], { env, stdio: "inherit" });

const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", PORT], { env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
