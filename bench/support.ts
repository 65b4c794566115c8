// What the benchmark scripts share: a scratch SQLite database with the demo accounts, and the
// production build started on it.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * Makes tests/.tmp/<name>.db afresh (migrated, demo accounts seeded) and points this process's
 * Prisma client at it. Returns the environment for child processes.
 */
export function scratchDatabase(name: string, extra: Record<string, string> = {}) {
  const file = path.resolve(`tests/.tmp/${name}.db`);
  const env = { ...process.env, DATABASE_URL: `file:${file}`, NEXT_TELEMETRY_DISABLED: "1", ...extra };
  mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  execFileSync(process.execPath, ["scripts/db-migrate.mjs"], { stdio: "ignore", env });
  execFileSync(
    process.execPath,
    ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts", "--demo", "--no-required-second-factor"],
    {
      stdio: "ignore",
      env: { ...env, NODE_ENV: "development" },
    },
  );
  process.env.DATABASE_URL = env.DATABASE_URL;
  return { file, env };
}

/** `next start` of the production build on `port`, with the settings production insists on. */
export function startProductionApp(port: number, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port)], {
    env: {
      ...env,
      NODE_ENV: "production",
      AUTH_SECRET: "bench-only-secret-0123456789abcdefghijklmnop",
      AUTH_URL: `http://localhost:${port}`,
      // Production requires a mail server; the benchmarks send no mail, so none listens there.
      SMTP_URL: "smtp://127.0.0.1:2525",
    },
    stdio: "ignore",
  });
}

export async function waitFor(url: string) {
  for (let i = 0; i < 150; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not come up`);
}
