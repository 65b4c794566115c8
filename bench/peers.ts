// `npm run bench:peers` (after `npm run build`): Gatehouse side by side with a peer, the smallest
// realistic Next.js app on better-auth (../shared/peers/better-auth-minimal, or BENCH_PEER_DIR). The
// peer is copied to <tmpdir>/gatehouse-bench-peer, installed, seeded and built (again only when its
// source changed); then both production builds run on this machine at once, and every figure is taken in
// paired rounds, the order of the two systems rotating round by round, so drift on the machine hits
// both alike. Per target: p50 of sequential requests and requests per second at BENCH_CONNECTIONS
// connections, each the median of the rounds, and Gatehouse ÷ peer. Then the HTML of `/` and the
// cold start (process start to the first 200 on `/`, median of BENCH_STARTS starts of each).
// Not part of `npm test`: it measures, it does not judge; docs/performance.md keeps the figures.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { BENCH_AUTH_SECRET, freshCookie, requireBuild, scratchDatabase, startWithDemoWriter, waitFor } from "./support";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const PEER_SOURCE = path.resolve(process.env.BENCH_PEER_DIR ?? "../shared/peers/better-auth-minimal");
// Outside this repository: inside it, Next would take the repository for the peer's workspace root.
const PEER_DIR = path.join(tmpdir(), "gatehouse-bench-peer");
const GATEHOUSE_PORT = 3500;
const PEER_PORT = 4610;
// The peer's seed script creates this account (../shared/peers/README.md).
const PEER_ACCOUNT = { email: "writer@demo.gatehouse.test", password: "demo-writer-gatehouse" };

requireBuild();
const { env: gatehouseEnv } = scratchDatabase("bench-peers");

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(command, args, { cwd, env, stdio: ["ignore", "ignore", "inherit"] });

/** The peer, copied here, installed, seeded and built: reused while its source is unchanged. */
function preparePeer(): NodeJS.ProcessEnv {
  if (!existsSync(path.join(PEER_SOURCE, "package.json")))
    throw new Error(`No peer at ${PEER_SOURCE}: set BENCH_PEER_DIR to the folder of better-auth-minimal.`);
  const stamp = createHash("sha256")
    .update(
      execFileSync("sh", ["-c", "find . -type f -not -path './node_modules/*' | sort | xargs sha256sum"], {
        cwd: PEER_SOURCE,
      }),
    )
    .digest("hex");
  const stampFile = path.join(PEER_DIR, ".bench-stamp");
  const database = path.join(PEER_DIR, "data", "peer.db");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    BA_DB: database,
    BETTER_AUTH_URL: `http://localhost:${PEER_PORT}`,
    BETTER_AUTH_SECRET: "bench-only-peer-secret-0123456789abcdefghij",
  };
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return env;
  console.log(`Preparing the peer from ${PEER_SOURCE} (npm ci, seed, build: a few minutes the first time)…`);
  rmSync(PEER_DIR, { recursive: true, force: true });
  cpSync(PEER_SOURCE, PEER_DIR, {
    recursive: true,
    // Its own install, build and database are made here, for this machine.
    filter: (source) => !/^(node_modules|\.next|data)([/\\]|$)/.test(path.relative(PEER_SOURCE, source)),
  });
  mkdirSync(path.dirname(database), { recursive: true });
  run("npm", ["ci", "--no-audit", "--no-fund"], PEER_DIR, { ...process.env, NODE_ENV: "development" });
  run(process.execPath, ["scripts/seed.mjs", database], PEER_DIR);
  run(process.execPath, ["node_modules/next/dist/bin/next", "build"], PEER_DIR, env);
  writeFileSync(stampFile, stamp);
  return env;
}

function startPeer(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(PEER_PORT)], {
    cwd: PEER_DIR,
    env,
    stdio: "ignore",
  });
}

/** better-auth's sign-in endpoint; its session cookie, as a browser would keep it. */
async function peerCookie(origin: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(PEER_ACCOUNT),
  });
  if (!response.ok) throw new Error(`The peer's sign-in answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

type Target = { label: string; path: string; signedIn: boolean; status: number };
const TARGETS: Target[] = [
  { label: "/ signed out", path: "/", signedIn: false, status: 200 },
  { label: "/ signed in", path: "/", signedIn: true, status: 200 },
  { label: "/dashboard signed in", path: "/dashboard", signedIn: true, status: 200 },
  // The middleware (proxy) alone: a signed-out request it redirects, no page rendered.
  { label: "middleware only (redirect)", path: "/dashboard", signedIn: false, status: 307 },
];

type System = { name: string; origin: string; cookie: () => string };

async function p50Of(system: System, target: Target): Promise<number> {
  const headers: Record<string, string> = target.signedIn ? { cookie: system.cookie() } : {};
  const times: number[] = [];
  for (let i = 0; i < SEQUENTIAL + 10; i++) {
    const started = performance.now();
    const response = await fetch(`${system.origin}${target.path}`, { headers, redirect: "manual" });
    await response.arrayBuffer();
    if (response.status !== target.status)
      throw new Error(`${system.name} ${target.label}: ${response.status}, expected ${target.status}`);
    if (i >= 10) times.push(performance.now() - started);
  }
  return median(times);
}

async function throughputOf(system: System, target: Target): Promise<number> {
  const result = await autocannon({
    url: `${system.origin}${target.path}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: target.signedIn ? { cookie: system.cookie() } : {},
  });
  const expected = target.status < 300 ? result["2xx"] : result["3xx"];
  if (expected < result.requests.total * 0.99)
    console.warn(`  ${system.name} ${target.label}: ${result.requests.total - expected} unexpected answers`);
  return result.requests.total / result.duration;
}

/** Process start to the first 200 on `/`, in ms. */
async function coldStart(start: () => ChildProcess, origin: string): Promise<number> {
  const started = performance.now();
  const child = start();
  try {
    for (;;) {
      const response = await fetch(`${origin}/`).catch(() => null);
      if (response?.status === 200) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill();
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

const ratio = (a: number, b: number) => (a / b).toFixed(2);

async function main() {
  const peerEnv = preparePeer();
  const gatehouse = await startWithDemoWriter(GATEHOUSE_PORT, gatehouseEnv);
  const peerServer = startPeer(peerEnv);
  const gatehouseOrigin = `http://localhost:${GATEHOUSE_PORT}`;
  const peerOrigin = `http://localhost:${PEER_PORT}`;
  try {
    await waitFor(`${peerOrigin}/`);
    let gatehouseCookie = gatehouse.cookie;
    const peerSession = await peerCookie(peerOrigin);
    const systems: System[] = [
      { name: "Gatehouse", origin: gatehouseOrigin, cookie: () => gatehouseCookie },
      { name: "peer", origin: peerOrigin, cookie: () => peerSession },
    ];
    // Warm both: the first requests compile routes and fill caches.
    for (const system of systems) for (const target of TARGETS) await throughputOf(system, { ...target });

    const figures = systems.map(() => TARGETS.map(() => ({ p50: [] as number[], rps: [] as number[] })));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const [targetIndex, target] of TARGETS.entries()) {
        for (const systemIndex of order) {
          // Gatehouse's cookie re-issued, as a browser holds it (middleware re-reads a role over 60 s old).
          gatehouseCookie = await freshCookie(gatehouseOrigin, gatehouseCookie);
          const system = systems[systemIndex]!;
          figures[systemIndex]![targetIndex]!.p50.push(await p50Of(system, target));
          figures[systemIndex]![targetIndex]!.rps.push(await throughputOf(system, target));
        }
      }
      process.stdout.write(`  round ${round + 1}/${ROUNDS} done\n`);
    }

    const html = await Promise.all(
      systems.map(async (system) => (await (await fetch(`${system.origin}/`)).arrayBuffer()).byteLength),
    );
    gatehouse.server.kill();
    peerServer.kill();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const starts: number[][] = [[], []];
    for (let i = 0; i < STARTS; i++) {
      for (const systemIndex of i % 2 === 0 ? [0, 1] : [1, 0]) {
        starts[systemIndex]!.push(
          systemIndex === 0
            ? await coldStart(
                () =>
                  spawn(
                    process.execPath,
                    ["node_modules/next/dist/bin/next", "start", "--port", String(GATEHOUSE_PORT)],
                    {
                      env: {
                        ...gatehouseEnv,
                        NODE_ENV: "production",
                        AUTH_SECRET: BENCH_AUTH_SECRET,
                        AUTH_URL: gatehouseOrigin,
                        SMTP_URL: "smtp://127.0.0.1:2525",
                      },
                      stdio: "ignore",
                    },
                  ),
                gatehouseOrigin,
              )
            : await coldStart(() => startPeer(peerEnv), peerOrigin),
        );
      }
    }

    console.log(
      `\nGatehouse and the peer (${path.relative(process.cwd(), PEER_SOURCE)}), production builds on this machine; ` +
        `${ROUNDS} paired rounds, the system order rotating; per round ${SEQUENTIAL} sequential requests (p50) ` +
        `and ${SECONDS} s at ${CONNECTIONS} connections (req/s); medians of the rounds.\n`,
    );
    const head = ["", "Gatehouse p50", "peer p50", "÷", "Gatehouse req/s", "peer req/s", "÷"];
    console.log(
      `  ${head[0]!.padEnd(28)}${head
        .slice(1)
        .map((cell) => cell.padStart(16))
        .join("")}`,
    );
    for (const [index, target] of TARGETS.entries()) {
      const [ours, theirs] = figures.map((system) => system[index]!);
      const ourP50 = median(ours!.p50);
      const theirP50 = median(theirs!.p50);
      const ourRps = median(ours!.rps);
      const theirRps = median(theirs!.rps);
      console.log(
        `  ${target.label.padEnd(28)}` +
          [`${ourP50.toFixed(2)} ms`, `${theirP50.toFixed(2)} ms`, ratio(ourP50, theirP50)]
            .concat([ourRps.toFixed(0), theirRps.toFixed(0), ratio(ourRps, theirRps)])
            .map((cell) => cell.padStart(16))
            .join(""),
      );
    }
    console.log(
      `  ${"HTML of / (bytes)".padEnd(28)}${[String(html[0]), String(html[1]), ratio(html[0]!, html[1]!)].map((cell) => cell.padStart(16)).join("")}`,
    );
    const [ourStart, theirStart] = starts.map(median);
    console.log(
      `  ${`cold start (median of ${STARTS})`.padEnd(28)}${[`${(ourStart! / 1000).toFixed(2)} s`, `${(theirStart! / 1000).toFixed(2)} s`, ratio(ourStart!, theirStart!)].map((cell) => cell.padStart(16)).join("")}`,
    );
  } finally {
    gatehouse.server.kill();
    peerServer.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
