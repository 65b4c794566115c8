#!/usr/bin/env node
// Playwright's web server: a fresh database with the demo data (a SQLite file, or with
// TEST_DATABASE=postgres a new PostgreSQL database, dropped when the server stops), and the
// production build (`next build` must have run; scripts/test.mjs does it) served by `next start`.
import { execFileSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { OIDC_CLIENT, OIDC_ISSUER } from "../fixtures/oidc-settings.mjs";
import { MAIL_FROM, SMTP_URL } from "../fixtures/mail-settings.mjs";
import { createDatabase, dropDatabase, uniqueDatabaseName, usesPostgres } from "../../scripts/lib/test-databases.mjs";

const PORT = "3100";
const dbFile = "tests/.tmp/e2e.db";
const postgresName = usesPostgres ? uniqueDatabaseName("e2e") : undefined;
// Playwright may stop this process without a chance to clean up; its global teardown drops it.
if (postgresName) {
  mkdirSync("tests/.tmp", { recursive: true });
  writeFileSync("tests/.tmp/e2e-postgres-database", postgresName);
}
const env = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: postgresName ? await createDatabase(postgresName) : `file:./${dbFile}`,
  // Must match tests/e2e/support/fixtures.ts, so specs can forge tokens signed with the right key.
  AUTH_SECRET: "e2e-only-secret-for-a-throwaway-database-0123456789",
  AUTH_URL: `http://localhost:${PORT}`,
  NEXT_TELEMETRY_DISABLED: "1",
  // The generic OpenID Connect provider, pointed at the loopback provider Playwright also starts.
  AUTH_OIDC_ISSUER: OIDC_ISSUER,
  AUTH_OIDC_ID: OIDC_CLIENT.client_id,
  AUTH_OIDC_SECRET: OIDC_CLIENT.client_secret,
  AUTH_OIDC_NAME: "Loopback ID",
  // Operators' metrics (tests/e2e/support/fixtures.ts E2E_METRICS_TOKEN).
  METRICS_TOKEN: "e2e-only-metrics-token-0123456789abcdef",
  // Mail goes to the loopback SMTP server Playwright also starts.
  SMTP_URL,
  MAIL_FROM,
};

if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build in .next/. Run `npm run build` first (npm test does it for you).");
  process.exit(1);
}

mkdirSync("tests/.tmp", { recursive: true });
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${dbFile}${suffix}`, { force: true });
execFileSync(process.execPath, ["scripts/db-migrate.mjs"], { env, stdio: ["ignore", "ignore", "inherit"] });
// The same seed `npm run demo` runs, so the e2e tests sign in with the README's demo accounts.
// It refuses NODE_ENV=production, and this database is a throw-away development one.
execFileSync(
  process.execPath,
  ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts", "--demo", "--no-required-second-factor"],
  {
    env: { ...env, NODE_ENV: "development" },
    stdio: ["ignore", "ignore", "inherit"],
  },
);

// Everything the server prints is kept, so a test can check that no secret ever reaches the log.
const log = createWriteStream("tests/.tmp/e2e-server.log");
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", PORT], {
  env,
  stdio: ["ignore", "pipe", "pipe"],
});
// The memory tests read the server's resident size from /proc/<pid>/status.
writeFileSync("tests/.tmp/e2e-server.pid", String(server.pid));
server.stdout.pipe(log, { end: false });
server.stderr.pipe(log, { end: false });
server.stderr.pipe(process.stderr);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", async (code) => {
  if (postgresName)
    await dropDatabase(postgresName).catch((error) =>
      console.error(`Could not drop ${postgresName}: ${error.message}`),
    );
  process.exit(code ?? 0);
});
