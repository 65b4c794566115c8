// `npm run bench:pages` (after `npm run build`): what a session costs. The production build on a
// seeded SQLite file; the same page signed out and signed in, /dashboard, /api/health, and the API
// with a valid token against the same route refused with 401 (no database work: the floor).
// Latency is the p50 of sequential requests, the targets taking turns so that drift on the machine
// hits all of them alike; throughput is autocannon with BENCH_CONNECTIONS connections, in windows in
// which the targets also take turns. Prints each
// figure, the ratios, and whether each goal of issue 20 is met.
import autocannon from "autocannon";
import { freshCookie, requireBuild, scratchDatabase, startWithDemoWriter } from "./support";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const PORT = 3500;
const ORIGIN = `http://localhost:${PORT}`;
requireBuild();
// The benchmark measures the work of a request, not the limiter's refusals.
const { env } = scratchDatabase("bench-pages", {
  API_RATE_LIMIT_PER_MINUTE: "100000000",
  API_IP_RATE_LIMIT_PER_MINUTE: "100000000",
});

type Target = { label: string; path: string; headers: () => Record<string, string>; status: number };

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

/**
 * Requests per second of each target, in BENCH_WINDOWS windows each, the targets taking turns
 * window by window, so that drift on the machine hits every target alike (a ratio of two figures
 * taken minutes apart measures the machine as much as the code).
 */
async function throughputs(targets: Target[], freshen: () => Promise<void>): Promise<number[]> {
  const run = (target: Target, duration: number) =>
    autocannon({ url: `${ORIGIN}${target.path}`, connections: CONNECTIONS, duration, headers: target.headers() });
  for (const target of targets) await run(target, 2); // warm
  const totals = targets.map(() => ({ requests: 0, seconds: 0 }));
  for (let window = 0; window < WINDOWS; window++) {
    for (const [index, target] of targets.entries()) {
      await freshen();
      const result = await run(target, SECONDS / WINDOWS);
      if (result.non2xx && target.status < 300)
        console.warn(`  ${target.label}: ${result.non2xx} answers were not 2xx`);
      totals[index].requests += result.requests.total;
      totals[index].seconds += result.duration;
    }
  }
  return totals.map(({ requests, seconds }) => requests / seconds);
}

async function main() {
  const { server, token, ...started } = await startWithDemoWriter(PORT, env);
  let { cookie } = started;
  try {
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

    cookie = await freshCookie(ORIGIN, cookie);
    const p50 = await sequentialP50(targets);
    const rps = await throughputs(targets, async () => {
      cookie = await freshCookie(ORIGIN, cookie);
    });

    console.log(
      `\nProduction build, SQLite, ${ROUNDS} sequential rounds (targets in turn) for p50; ` +
        `${CONNECTIONS} connections for ${SECONDS} s each for throughput, in ${WINDOWS} windows (targets in turn).\n`,
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
    server.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
