// `npm run bench:api` (after `npm run build`): requests per second of GET /api/v1/articles with a
// valid token, on the production build, against a bare Node http server (bench/bare-server.mjs)
// doing the same token-hash lookup and the same query on the same SQLite file. One run, side by side.
import { spawn, type ChildProcess } from "node:child_process";
import autocannon from "autocannon";
import { readToken, requireBuild, scratchDatabase, startProductionApp, waitFor } from "./support";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const APP_PORT = 3400;
const BARE_PORT = 3401;
requireBuild();
// The benchmark measures throughput, not the limiter's refusals.
const { file: dbFile, env } = scratchDatabase("bench-api", {
  API_RATE_LIMIT_PER_MINUTE: "100000000",
  API_IP_RATE_LIMIT_PER_MINUTE: "100000000",
});

async function load(url: string, token?: string) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors };
}

async function main() {
  const { db } = await import("@/lib/db");
  const { DEMO_ACCOUNTS } = await import("@/prisma/demo-data");
  const writer = await db.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.writer.email } });
  for (let i = 0; i < 40; i++)
    await db.article.create({
      data: { title: `Bench article ${i}`, body: "Lorem ipsum dolor sit amet. ".repeat(10), authorId: writer.id },
    });
  const token = await readToken(writer.id);
  await db.$disconnect();

  const children: ChildProcess[] = [];
  try {
    children.push(
      startProductionApp(APP_PORT, env),
      spawn(process.execPath, ["bench/bare-server.mjs", dbFile, String(BARE_PORT)], { stdio: "ignore" }),
    );
    const appUrl = `http://127.0.0.1:${APP_PORT}/api/v1/articles`;
    const bareUrl = `http://127.0.0.1:${BARE_PORT}/api/v1/articles`;
    await Promise.all([waitFor(appUrl), waitFor(bareUrl)]);
    for (const url of [appUrl, bareUrl]) {
      const check = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (check.status !== 200) throw new Error(`${url} answered ${check.status}`);
    }

    console.log(
      `GET /api/v1/articles (20 per page) with a valid token: ${CONNECTIONS} connections, ${SECONDS} s each, after a 3 s warm-up.\n`,
    );
    await autocannon({
      url: appUrl,
      connections: CONNECTIONS,
      duration: 3,
      headers: { authorization: `Bearer ${token}` },
    });
    await autocannon({
      url: bareUrl,
      connections: CONNECTIONS,
      duration: 3,
      headers: { authorization: `Bearer ${token}` },
    });
    const app = await load(appUrl, token);
    const bare = await load(bareUrl, token);
    // The same route refused with 401 before any database work: what Next.js itself costs per request.
    const floor = await load(appUrl);
    const line = (label: string, r: typeof app) =>
      console.log(
        `  ${label.padEnd(40)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors}`,
      );
    line("Gatehouse (Next.js + Prisma, production)", app);
    line("bare Node http + better-sqlite3", bare);
    console.log(
      `  ${"same route, no token (401, no database)".padEnd(40)} ${floor.rps.toFixed(0).padStart(7)} req/s   p50 ${String(floor.p50).padStart(4)} ms   p99 ${String(floor.p99).padStart(4)} ms`,
    );
    console.log(`\nRatio Gatehouse / bare: ${(app.rps / bare.rps).toFixed(2)} (goal ≥ 0.5)`);
    console.log(
      `Ratio Next.js floor / bare: ${(floor.rps / bare.rps).toFixed(2)} (the most any Next.js route handler could reach here)`,
    );
  } finally {
    for (const child of children) child.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
