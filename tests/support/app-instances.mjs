// Production instances of the app sharing one PostgreSQL database and one Redis, as in a
// multi-instance deployment; used by the multi-instance e2e spec and by bench/instances.ts.
// `next build` must have run.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createDatabase, dropDatabase, uniqueDatabaseName, usesPostgres } from "../../scripts/lib/test-databases.mjs";
import { MAIL_FROM, SMTP_URL } from "../fixtures/mail-settings.mjs";

export async function startSharedDatabase(label) {
  const name = uniqueDatabaseName(label);
  const url = await createDatabase(name);
  prepareSharedDatabase(url);
  return { url, drop: () => dropDatabase(name) };
}

/** Migrates the empty database at `url` and seeds the README's demo accounts (admins without a second factor). */
export function prepareSharedDatabase(url) {
  const env = { ...process.env, DATABASE_URL: url };
  execFileSync(process.execPath, ["scripts/db-migrate.mjs"], { env, stdio: "ignore" });
  // The README's demo accounts (the seed refuses production; this is a throw-away database).
  execFileSync(
    process.execPath,
    ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts", "--demo", "--no-required-second-factor"],
    {
      env: { ...env, NODE_ENV: "development" },
      stdio: "ignore",
    },
  );
}

export async function startInstance(port, env) {
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port)], {
    // Mail goes to the loopback SMTP server (started by Playwright; the benchmark sends none).
    // No drain delay: no load balancer watches these instances unless a test says so.
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      SMTP_URL,
      MAIL_FROM,
      SHUTDOWN_DRAIN_DELAY_MS: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-65_536)));
  // The request log is one line per request: only the last 64 KB are kept.
  child.stdout.on("data", (chunk) => (stdout = (stdout + chunk).slice(-65_536)));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  for (let attempt = 0; attempt < 150; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) {
        return {
          origin: `http://localhost:${port}`,
          /** SIGTERM, then what the process exited with ({ code, signal }). */
          stop: () => {
            if (child.exitCode === null) child.kill("SIGTERM");
            return exited;
          },
          kill: () => {
            child.kill("SIGKILL");
            return exited;
          },
          pid: child.pid,
          output: () => stdout,
          errors: () => stderr,
        };
      }
    } catch {}
    if (child.exitCode !== null) throw new Error(`Instance on ${port} exited: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`Instance on ${port} did not become healthy: ${stderr}`);
}

/**
 * A database of a test's own, on whichever kind the run uses (a SQLite file, or a PostgreSQL
 * database), migrated and seeded with the demo accounts and the default settings (admins must use
 * two-step sign-in), for an app instance that other tests must not share.
 */
export async function startOwnDatabase(label) {
  let url;
  let drop;
  if (usesPostgres) {
    const name = uniqueDatabaseName(label);
    url = await createDatabase(name);
    drop = () => dropDatabase(name);
  } else {
    mkdirSync("tests/.tmp", { recursive: true });
    const file = `tests/.tmp/${label}-${process.pid}.db`;
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
    url = `file:./${file}`;
    drop = async () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
    };
  }
  const env = { ...process.env, DATABASE_URL: url };
  execFileSync(process.execPath, ["scripts/db-migrate.mjs"], { env, stdio: "ignore" });
  execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts", "--demo"], {
    env: { ...env, NODE_ENV: "development" },
    stdio: "ignore",
  });
  return { url, drop };
}
