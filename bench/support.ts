// What the benchmark scripts share: a scratch SQLite database with the demo accounts, and the
// production build started on it.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNTS } from "../prisma/demo-data";
import { sessionCookieFor } from "../tests/support/sign-in-http.mjs";

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

/** The demo writer the benchmarks sign in as. */
export const BENCH_WRITER = DEMO_ACCOUNTS.writer;

/** The production build's AUTH_SECRET here: a script minting OAuth records for it must share it. */
export const BENCH_AUTH_SECRET = "bench-only-secret-0123456789abcdefghijklmnop";

/** `next start` of the production build on `port`, with the settings production insists on. */
export function startProductionApp(port: number, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port)], {
    env: {
      ...env,
      NODE_ENV: "production",
      AUTH_SECRET: BENCH_AUTH_SECRET,
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

/** Stops the script unless there is a production build to measure. */
export function requireBuild(): void {
  if (existsSync(".next/BUILD_ID")) return;
  console.error("Run `npm run build` first: the benchmark measures the production build.");
  process.exit(1);
}

/** A personal access token with articles:read for the person with this id (from the bench's database). */
export async function readToken(personId: string): Promise<string> {
  const { insertToken } = await import("@/lib/tokens/queries");
  const { token } = await insertToken({ personId, name: "bench", scopes: ["articles:read"], expiresAt: null });
  return token;
}

/**
 * The production build started on `port`, with the demo writer signed in (a fresh cookie) and a read
 * token of theirs; the script's own database client is closed first.
 */
export async function startWithDemoWriter(port: number, env: NodeJS.ProcessEnv) {
  const { db } = await import("@/lib/db");
  const { email, password } = BENCH_WRITER;
  const token = await readToken((await db.user.findUniqueOrThrow({ where: { email } })).id);
  await db.$disconnect();
  const origin = `http://localhost:${port}`;
  const server = startProductionApp(port, env);
  try {
    await waitFor(`${origin}/api/health`);
    return { server, token, cookie: await freshCookie(origin, await sessionCookieFor(origin, email, password)) };
  } catch (error) {
    server.kill();
    throw error;
  }
}

/**
 * The session cookie as a browser holds it: freshly re-issued, so middleware has no role over 60 s
 * old to re-read (a load generator ignores Set-Cookie, so each phase starts with a fresh one).
 */
export async function freshCookie(origin: string, cookie: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/session`, { headers: { cookie } });
  const name = `${cookie.split("=")[0]}=`;
  const renewed = response.headers.getSetCookie().find((line) => line.startsWith(name));
  return renewed ? renewed.split(";")[0] : cookie;
}
