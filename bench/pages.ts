// `npm run bench:pages` (after `npm run build`): what a session costs. The production build on a
// seeded SQLite file; the same page signed out and signed in, /dashboard, /api/health, and the API
// with a valid token against the same route refused with 401 (no database work: the floor).
// Latency is the p50 of sequential requests, the targets taking turns so that drift on the machine
// hits all of them alike; throughput is autocannon with BENCH_CONNECTIONS connections. Prints each
// figure, the ratios, and whether each goal of issue 20 is met.
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import autocannon from "autocannon";
import { scratchDatabase, startProductionApp, waitFor } from "./support";
import { sessionCookieFor } from "../tests/support/sign-in-http.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const PORT = 3500;
const ORIGIN = `http://localhost:${PORT}`;
const COOKIE = "__Secure-authjs.session-token";
if (!existsSync(".next/BUILD_ID")) {
  console.error("Run `npm run build` first: the benchmark measures the production build.");
  process.exit(1);
}
// The benchmark measures the work of a request, not the limiter's refusals.
const { env } = scratchDatabase("bench-pages", {
  API_RATE_LIMIT_PER_MINUTE: "100000000",
  API_IP_RATE_LIMIT_PER_MINUTE: "100000000",
});

type Target = { label: string; path: string; headers: () => Record<string, string>; status: number };

const signIn = (email: string, password: string) => sessionCookieFor(ORIGIN, email, password);

/**
 * A freshly issued cookie: middleware re-reads a role over 60 s old, and a load generator ignores
 * Set-Cookie, so each phase starts with a cookie as a browser would hold it.
 */
async function freshCookie(cookie: string): Promise<string> {
  const response = await fetch(`${ORIGIN}/api/auth/session`, { headers: { cookie } });
  const renewed = response.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`));
  return renewed ? renewed.split(";")[0] : cookie;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function sequentialP50(targets: Target[]): Promise<number[]> {
  const times: number[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS + 20; round++) {
    for (const [index, target] of targets.entries()) {
      const started = performance.now();
      const response = await fetch(`${ORIGIN}${target.path}`, { headers: target.headers(), redirect: "manual" });
      await response.arrayBuffer();
      const elapsed = performance.now() - started;
      if (response.status !== target.status)
        throw new Error(`${target.label}: ${response.status}, expected ${target.status}`);
      if (round >= 20) times[index].push(elapsed);
    }
  }
  return times.map(median);
}

async function throughput(target: Target): Promise<number> {
  const run = (duration: number) =>
    autocannon({ url: `${ORIGIN}${target.path}`, connections: CONNECTIONS, duration, headers: target.headers() });
  await run(2);
  const result = await run(SECONDS);
  const wrong = result.non2xx && target.status < 300 ? ` (${result.non2xx} answers were not 2xx)` : "";
  if (wrong) console.warn(`  ${target.label}: ${wrong}`);
  return result.requests.average;
}

async function main() {
  const { db } = await import("@/lib/db");
  const { insertToken } = await import("@/lib/tokens/queries");
  const { DEMO_ACCOUNTS } = await import("@/prisma/demo-data");
  const writer = await db.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.writer.email } });
  const { token } = await insertToken({
    personId: writer.id,
    name: "bench",
    scopes: ["articles:read"],
    expiresAt: null,
  });
  await db.$disconnect();

  let server: ChildProcess | undefined;
  try {
    server = startProductionApp(PORT, env);
    await waitFor(`${ORIGIN}/api/health`);
    let cookie = await signIn(DEMO_ACCOUNTS.writer.email, DEMO_ACCOUNTS.writer.password);

    const signedIn = () => ({ cookie });
    const targets: Target[] = [
      { label: "GET / signed out", path: "/", headers: () => ({}), status: 200 },
      { label: "GET / signed in", path: "/", headers: signedIn, status: 200 },
      { label: "GET /dashboard signed in", path: "/dashboard", headers: signedIn, status: 200 },
      { label: "GET /api/health", path: "/api/health", headers: () => ({}), status: 200 },
      {
        label: "GET /api/v1/articles, valid token",
        path: "/api/v1/articles",
        headers: () => ({ authorization: `Bearer ${token}` }),
        status: 200,
      },
      { label: "GET /api/v1/articles, no token (401)", path: "/api/v1/articles", headers: () => ({}), status: 401 },
    ];

    cookie = await freshCookie(cookie);
    const p50 = await sequentialP50(targets);
    const rps: number[] = [];
    for (const target of targets) {
      cookie = await freshCookie(cookie);
      rps.push(await throughput(target));
    }

    console.log(
      `\nProduction build, SQLite, ${ROUNDS} sequential rounds (targets in turn) for p50; ` +
        `${CONNECTIONS} connections for ${SECONDS} s each for throughput.\n`,
    );
    console.log(`  ${"".padEnd(40)} ${"p50 ms".padStart(8)} ${"req/s".padStart(9)}`);
    for (const [index, target] of targets.entries())
      console.log(
        `  ${target.label.padEnd(40)} ${p50[index].toFixed(2).padStart(8)} ${rps[index].toFixed(0).padStart(9)}`,
      );

    const goals = [
      {
        what: "signed-in / signed-out latency of GET /",
        ratio: p50[1] / p50[0],
        goal: "≤ 1.10",
        met: p50[1] / p50[0] <= 1.1,
      },
      {
        what: "signed-in / signed-out throughput of GET /",
        ratio: rps[1] / rps[0],
        goal: "≥ 0.90",
        met: rps[1] / rps[0] >= 0.9,
      },
      {
        what: "API valid token / 401 floor throughput",
        ratio: rps[4] / rps[5],
        goal: "≥ 0.60",
        met: rps[4] / rps[5] >= 0.6,
      },
    ];
    console.log("");
    for (const { what, ratio, goal, met } of goals)
      console.log(`  ${what.padEnd(46)} ${ratio.toFixed(2).padStart(5)}  goal ${goal}  ${met ? "met" : "NOT met"}`);
  } finally {
    server?.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
