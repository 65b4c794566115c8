// `npm run bench:peers` (after `npm run build`): Gatehouse side by side with a peer, the smallest
// realistic Next.js app on better-auth (../shared/peers/better-auth-minimal, or BENCH_PEER_DIR). The
// peer is copied to <tmpdir>/gatehouse-bench-peer, installed, seeded and built (again only when its
// source changed); then both production builds run on this machine at once, and every figure is taken in
// paired rounds, the order of the two systems rotating round by round, so drift on the machine hits
// both alike. Per target: p50 of sequential requests and requests per second at BENCH_CONNECTIONS
// connections, each the median of the rounds, and Gatehouse ÷ peer. Then the HTML of `/` and the
// cold start (process start to the first 200 on `/`, median of BENCH_STARTS starts of each).
// A third system is the peer with its proxy (Node) swapped for an edge middleware.ts in front of every
// page, doing the same cookie check and nothing else: what the edge sandbox alone costs a request, the
// floor under Gatehouse's edge middleware (docs/performance.md, "Fast pages").
// Not part of `npm test`: it measures, it does not judge; docs/performance.md keeps the figures.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { PEERS, peerCookie, startPeer, type Peer } from "./peer-apps";
import { BENCH_AUTH_SECRET, freshCookie, requireBuild, scratchDatabase, startWithDemoWriter, waitFor } from "./support";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const PEER_SOURCE = path.resolve(process.env.BENCH_PEER_DIR ?? "../shared/peers/better-auth-minimal");
const GATEHOUSE_PORT = 3500;

requireBuild();
const { env: gatehouseEnv } = scratchDatabase("bench-peers");

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(command, args, { cwd, env, stdio: ["ignore", "ignore", "inherit"] });

function seedAndBuild({ dir, env }: Peer) {
  mkdirSync(path.dirname(env.BA_DB!), { recursive: true });
  run(process.execPath, ["scripts/seed.mjs", env.BA_DB!], dir);
  run(process.execPath, ["node_modules/next/dist/bin/next", "build"], dir, env);
}

// The peer's own check, moved to the edge runtime and in front of every page as Gatehouse's
// middleware.ts is: what is left of a request's middleware cost is the sandbox's.
const EDGE_MIDDLEWARE = `import { NextResponse, type NextRequest } from "next/server";
import { getSessionCookie } from "better-auth/cookies";

export function middleware(request: NextRequest) {
  if (!request.nextUrl.pathname.startsWith("/dashboard") || getSessionCookie(request)) return NextResponse.next();
  const url = new URL("/sign-in", request.url);
  url.searchParams.set("callbackUrl", request.nextUrl.pathname);
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/((?!api/|_next/static/|_next/image|favicon\\\\.ico$).*)"] };
`;

/**
 * The peer, copied here, installed, seeded and built, and its edge twin beside it: reused while the
 * peer's source is unchanged.
 */
function preparePeers(): typeof PEERS {
  if (!existsSync(path.join(PEER_SOURCE, "package.json")))
    throw new Error(`No peer at ${PEER_SOURCE}: set BENCH_PEER_DIR to the folder of better-auth-minimal.`);
  const stamp = createHash("sha256")
    .update(
      execFileSync("sh", ["-c", "find . -type f -not -path './node_modules/*' | sort | xargs sha256sum"], {
        cwd: PEER_SOURCE,
      }),
    )
    .update(EDGE_MIDDLEWARE)
    .digest("hex");
  const [peer, edge] = PEERS;
  const { dir: PEER_DIR } = peer;
  const { dir: EDGE_PEER_DIR } = edge;
  const stampFile = path.join(EDGE_PEER_DIR, ".bench-stamp");
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return [peer, edge];
  console.log(`Preparing the peer from ${PEER_SOURCE} (npm ci, seed, build: a few minutes the first time)…`);
  for (const dir of [PEER_DIR, EDGE_PEER_DIR]) rmSync(dir, { recursive: true, force: true });
  cpSync(PEER_SOURCE, PEER_DIR, {
    recursive: true,
    // Its own install, build and database are made here, for this machine.
    filter: (source) => !/^(node_modules|\.next|data)([/\\]|$)/.test(path.relative(PEER_SOURCE, source)),
  });
  run("npm", ["ci", "--no-audit", "--no-fund"], PEER_DIR, { ...process.env, NODE_ENV: "development" });
  // The twin: the same source and install (hard links), the proxy replaced by the edge middleware.
  run("cp", ["-al", PEER_DIR, EDGE_PEER_DIR], tmpdir());
  rmSync(path.join(EDGE_PEER_DIR, "proxy.ts"));
  writeFileSync(path.join(EDGE_PEER_DIR, "middleware.ts"), EDGE_MIDDLEWARE);
  seedAndBuild(peer);
  seedAndBuild(edge);
  writeFileSync(stampFile, stamp);
  return [peer, edge];
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
  // The machine settles after the previous system's load phase (its garbage collected, its cores
  // free), and the first 50 answers are not counted: otherwise whichever target comes first in a
  // round is measured in the wake of the last one's load.
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (let i = 0; i < SEQUENTIAL + 50; i++) {
    const started = performance.now();
    const response = await fetch(`${system.origin}${target.path}`, { headers, redirect: "manual" });
    await response.arrayBuffer();
    if (response.status !== target.status)
      throw new Error(`${system.name} ${target.label}: ${response.status}, expected ${target.status}`);
    if (i >= 50) times.push(performance.now() - started);
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

/** The HTML of a page, and how much of it is inline script (the React payload and Next's bootstrap). */
async function weigh(origin: string): Promise<{ total: number; inlineScript: number }> {
  const html = await (await fetch(`${origin}/`)).text();
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>[\s\S]*?<\/script>/g)];
  return {
    total: Buffer.byteLength(html),
    inlineScript: inline.reduce((sum, [script]) => sum + Buffer.byteLength(script), 0),
  };
}

function startGatehouse(origin: string): ChildProcess {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(GATEHOUSE_PORT)], {
    env: {
      ...gatehouseEnv,
      NODE_ENV: "production",
      AUTH_SECRET: BENCH_AUTH_SECRET,
      AUTH_URL: origin,
      SMTP_URL: "smtp://127.0.0.1:2525",
    },
    stdio: "ignore",
  });
}

/** The order of the systems in round `round`: each leads in turn, so drift hits them alike. */
const rotated = <T>(items: T[], round: number) => items.map((_, i) => items[(i + round) % items.length]!);

async function main() {
  const [peer, edgePeer] = preparePeers();
  const gatehouse = await startWithDemoWriter(GATEHOUSE_PORT, gatehouseEnv);
  const peerServers = [startPeer(peer), startPeer(edgePeer)];
  const gatehouseOrigin = `http://localhost:${GATEHOUSE_PORT}`;
  const [peerOrigin, edgeOrigin] = [peer, edgePeer].map(({ port }) => `http://localhost:${port}`) as [string, string];
  try {
    for (const origin of [peerOrigin, edgeOrigin]) await waitFor(`${origin}/`);
    let gatehouseCookie = gatehouse.cookie;
    const peerSession = await peerCookie(peerOrigin);
    const edgeSession = await peerCookie(edgeOrigin);
    const systems: System[] = [
      { name: "Gatehouse", origin: gatehouseOrigin, cookie: () => gatehouseCookie },
      { name: "peer", origin: peerOrigin, cookie: () => peerSession },
      { name: "peer, edge", origin: edgeOrigin, cookie: () => edgeSession },
    ];
    // Warm all: the first requests compile routes and fill caches.
    for (const system of systems) for (const target of TARGETS) await throughputOf(system, { ...target });

    const figures = systems.map(() => TARGETS.map(() => ({ p50: [] as number[], rps: [] as number[] })));
    for (let round = 0; round < ROUNDS; round++) {
      const order = rotated([0, 1, 2], round);
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

    const weights = await Promise.all(systems.map((system) => weigh(system.origin)));
    gatehouse.server.kill();
    for (const server of peerServers) server.kill();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const starters: Array<() => Promise<number>> = [
      () => coldStart(() => startGatehouse(gatehouseOrigin), gatehouseOrigin),
      () => coldStart(() => startPeer(peer), peerOrigin),
      () => coldStart(() => startPeer(edgePeer), edgeOrigin),
    ];
    const starts: number[][] = [[], [], []];
    for (let i = 0; i < STARTS; i++)
      for (const systemIndex of rotated([0, 1, 2], i)) starts[systemIndex]!.push(await starters[systemIndex]!());

    console.log(
      `\nGatehouse and the peer (${path.relative(process.cwd(), PEER_SOURCE)}), production builds on this machine; ` +
        `"peer, edge" is the peer with its proxy moved to an edge middleware.ts in front of every page. ` +
        `${ROUNDS} rounds, the system order rotating; per round ${SEQUENTIAL} sequential requests (p50) ` +
        `and ${SECONDS} s at ${CONNECTIONS} connections (req/s); medians of the rounds.\n`,
    );
    const row = (label: string, cells: string[]) =>
      console.log(`  ${label.padEnd(28)}${cells.map((cell) => cell.padStart(13)).join("")}`);
    row("p50 latency", ["Gatehouse", "peer", "peer, edge", "÷ peer", "÷ peer, edge"]);
    for (const [index, target] of TARGETS.entries()) {
      const [ours, theirs, edge] = figures.map((system) => median(system[index]!.p50)) as [number, number, number];
      row(
        target.label,
        [ours, theirs, edge].map((ms) => `${ms.toFixed(2)} ms`).concat(ratio(ours, theirs), ratio(ours, edge)),
      );
    }
    console.log("");
    row("throughput (req/s)", ["Gatehouse", "peer", "peer, edge", "÷ peer", "÷ peer, edge"]);
    for (const [index, target] of TARGETS.entries()) {
      const [ours, theirs, edge] = figures.map((system) => median(system[index]!.rps)) as [number, number, number];
      row(
        target.label,
        [ours, theirs, edge].map((rps) => rps.toFixed(0)).concat(ratio(ours, theirs), ratio(ours, edge)),
      );
    }
    console.log("");
    const [ourWeight, theirWeight, edgeWeight] = weights as [
      (typeof weights)[0],
      (typeof weights)[0],
      (typeof weights)[0],
    ];
    row(
      "HTML of / (bytes)",
      [ourWeight, theirWeight, edgeWeight]
        .map((w) => String(w.total))
        .concat(ratio(ourWeight.total, theirWeight.total), ratio(ourWeight.total, edgeWeight.total)),
    );
    row(
      "  of it inline script",
      [ourWeight, theirWeight, edgeWeight].map((w) => String(w.inlineScript)),
    );
    const [ourStart, theirStart, edgeStart] = starts.map(median) as [number, number, number];
    row(
      `cold start (median of ${STARTS})`,
      [ourStart, theirStart, edgeStart]
        .map((ms) => `${(ms / 1000).toFixed(2)} s`)
        .concat(ratio(ourStart, theirStart), ratio(ourStart, edgeStart)),
    );
  } finally {
    gatehouse.server.kill();
    for (const server of peerServers) server.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
