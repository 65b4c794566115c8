// `npm run bench:peers` (after `npm run build`): Gatehouse side by side with a peer, the smallest
// realistic Next.js app on better-auth (../shared/peers/better-auth-minimal, or BENCH_PEER_DIR), and
// the peer's twin with its proxy (Node, in front of /dashboard only) moved to an edge middleware.ts in
// front of every page, doing the same cookie check and nothing else: what the edge sandbox alone costs
// a request, the floor under Gatehouse's edge middleware. Both are copied under <tmpdir>
// (bench/peer-apps.ts), installed, seeded and built (again only when the peer's source or the twin's
// middleware changed); then the three production builds run on this machine at once, and every figure
// is taken in rounds. Per target: p50 latency and requests per second at BENCH_CONNECTIONS connections,
// each the median of the rounds, and Gatehouse ÷ each. The idle p50 is taken after the system sat still
// while the others were measured, the warm one after its own load phase, one system at a time, the
// order changing round by round (each leads and follows each other in turn), so drift on the machine
// and the wake of one system's load fall on each alike. The interleaved p50, in rounds of their own,
// has the systems take turns request by request, so drift falls on each alike even within a p50 (with
// biases of its own: docs/performance.md). Then the HTML of `/` and the cold start (process start to
// the first 200 on `/`, median of BENCH_STARTS starts, each once every server before it has exited).
// Not part of `npm test`: it measures, it does not judge; docs/performance.md ("Fast pages") keeps the
// figures.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import {
  EDGE_MIDDLEWARE,
  PEER_SOURCE,
  PEERS,
  STAMP_FILE,
  peerCookie,
  peerStamp,
  peersCurrent,
  startPeer,
  type Peer,
} from "./peer-apps";
import { sessionCookieFor } from "../tests/support/sign-in-http.mjs";
import {
  BENCH_AUTH_SECRET,
  BENCH_WRITER,
  freshCookie,
  requireBuild,
  scratchDatabase,
  startWithDemoWriter,
  waitFor,
} from "./support";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const GATEHOUSE_PORT = 3500;
const BASELINE_PORT = 3501;

requireBuild();
const { env: gatehouseEnv, file: gatehouseDatabase } = scratchDatabase("bench-peers");

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(command, args, { cwd, env, stdio: ["ignore", "ignore", "inherit"] });

function seedAndBuild({ dir, env }: Peer) {
  mkdirSync(path.dirname(env.BA_DB!), { recursive: true });
  run(process.execPath, ["scripts/seed.mjs", env.BA_DB!], dir);
  run(process.execPath, ["node_modules/next/dist/bin/next", "build"], dir, env);
}

/**
 * The peer, copied here, installed, seeded and built, and its edge twin beside it: reused while the
 * peer's source is unchanged.
 */
function preparePeers(): typeof PEERS {
  const stamp = peerStamp();
  const [peer, edge] = PEERS;
  const { dir: PEER_DIR } = peer;
  const { dir: EDGE_PEER_DIR } = edge;
  if (peersCurrent()) return [peer, edge];
  console.log(`Preparing the peer from ${PEER_SOURCE} (npm ci, seed, build: a few minutes the first time)…`);
  for (const dir of [PEER_DIR, EDGE_PEER_DIR]) rmSync(dir, { recursive: true, force: true });
  cpSync(PEER_SOURCE, PEER_DIR, {
    recursive: true,
    // Its own install, build and database are made here, for this machine.
    filter: (source) => !/^(node_modules|\.next|data)([/\\]|$)/.test(path.relative(PEER_SOURCE, source)),
  });
  run("npm", ["ci", "--no-audit", "--no-fund"], PEER_DIR, { ...process.env, NODE_ENV: "development" });
  // The twin: the same source, its own files (a build rewrites some in place), the install shared by
  // hard links.
  cpSync(PEER_DIR, EDGE_PEER_DIR, {
    recursive: true,
    filter: (source) => !/^node_modules([/\\]|$)/.test(path.relative(PEER_DIR, source)),
  });
  run("cp", ["-al", path.join(PEER_DIR, "node_modules"), path.join(EDGE_PEER_DIR, "node_modules")], tmpdir());
  rmSync(path.join(EDGE_PEER_DIR, "proxy.ts"));
  writeFileSync(path.join(EDGE_PEER_DIR, "middleware.ts"), EDGE_MIDDLEWARE);
  seedAndBuild(peer);
  seedAndBuild(edge);
  writeFileSync(STAMP_FILE, stamp);
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

/** One request, whole answer read, in ms. */
async function timed(system: System, target: Target): Promise<number> {
  const headers: Record<string, string> = target.signedIn ? { cookie: system.cookie() } : {};
  const started = performance.now();
  const response = await fetch(`${system.origin}${target.path}`, { headers, redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== target.status)
    throw new Error(`${system.name} ${target.label}: ${response.status}, expected ${target.status}`);
  return performance.now() - started;
}

// Before a p50 the machine settles (the garbage of the load before it collected, its cores free), and
// the first answers are not counted: they would be measured in the wake of that load, or of the turns
// taken on the target before.
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
const UNCOUNTED = 50;

/**
 * Each system's p50 of `target`, the systems taking turns request by request; with one system, its
 * p50 of sequential requests. On two cores, the work a system leaves after answering (its garbage
 * collector, V8's compiler threads) lands on the next request. So each turn goes in a random order
 * that does not start with the system the turn before ended with: on average each system follows each
 * other alike, and never itself.
 */
async function p50s(systems: System[], target: Target): Promise<number[]> {
  const times = systems.map((): number[] => []);
  await settle();
  let last = -1;
  for (let turn = 0; turn < SEQUENTIAL + UNCOUNTED; turn++) {
    let order: number[];
    do order = shuffled(systems.map((_, index) => index));
    while (systems.length > 1 && order[0] === last);
    last = order.at(-1)!;
    for (const index of order) {
      const time = await timed(systems[index]!, target);
      if (turn >= UNCOUNTED) times[index]!.push(time);
    }
  }
  return times.map(median);
}

/** The idle and the warm p50 are taken alike; what differs is whose load came before. */
const p50Of = async (system: System, target: Target) => (await p50s([system], target))[0]!;

function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
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

/** Ends the process and resolves once it has exited. */
function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill();
  return exited;
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
    await stopped(child);
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

function startGatehouse(port: number, cwd: string, databaseUrl: string): ChildProcess {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port)], {
    cwd,
    env: {
      ...gatehouseEnv,
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      AUTH_SECRET: BENCH_AUTH_SECRET,
      AUTH_URL: `http://localhost:${port}`,
      SMTP_URL: "smtp://127.0.0.1:2525",
    },
    stdio: "ignore",
  });
}

/**
 * The order of the systems in round `round`: each rotation, then each reversed, in turn (for three
 * systems, all six orders), so each system leads, and follows each other, alike.
 */
function orderOf(round: number, count: number): number[] {
  const rotation = Array.from({ length: count }, (_, i) => (i + round) % count);
  return Math.floor(round / count) % 2 === 0 ? rotation : rotation.reverse();
}

type Running = System & { server: ChildProcess; start: () => ChildProcess; refresh: () => Promise<void> };

/**
 * Gatehouse as built in BENCH_BASELINE_DIR (another checkout, `npm run build` done there): the same
 * rounds measure a change's before and after side by side, beside the peers.
 */
async function startBaseline(): Promise<Running | null> {
  const dir = process.env.BENCH_BASELINE_DIR;
  if (!dir) return null;
  if (!existsSync(path.join(dir, ".next", "BUILD_ID"))) throw new Error(`No build in ${dir}: run npm run build there.`);
  const database = path.resolve("tests/.tmp/bench-peers-baseline.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${database}${suffix}`, { force: true });
  cpSync(gatehouseDatabase, database);
  const port = BASELINE_PORT;
  const origin = `http://localhost:${port}`;
  const start = () => startGatehouse(port, dir, `file:${database}`);
  const server = start();
  await waitFor(`${origin}/api/health`);
  const { email, password } = BENCH_WRITER;
  let cookie = await freshCookie(origin, await sessionCookieFor(origin, email, password));
  return {
    name: "before",
    origin,
    cookie: () => cookie,
    refresh: async () => {
      cookie = await freshCookie(origin, cookie);
    },
    server,
    start,
  };
}

async function main() {
  const [peer, edgePeer] = preparePeers();
  const gatehouseOrigin = `http://localhost:${GATEHOUSE_PORT}`;
  const gatehouse = await startWithDemoWriter(GATEHOUSE_PORT, gatehouseEnv);
  let gatehouseCookie = gatehouse.cookie;
  const systems: Running[] = [
    {
      name: "Gatehouse",
      origin: gatehouseOrigin,
      cookie: () => gatehouseCookie,
      // Re-issued, as a browser holds it (middleware re-reads a role over 60 s old).
      refresh: async () => {
        gatehouseCookie = await freshCookie(gatehouseOrigin, gatehouseCookie);
      },
      server: gatehouse.server,
      start: () => startGatehouse(GATEHOUSE_PORT, process.cwd(), gatehouseEnv.DATABASE_URL!),
    },
  ];
  try {
    const baseline = await startBaseline();
    if (baseline) systems.push(baseline);
    for (const app of [peer, edgePeer]) {
      const origin = `http://localhost:${app.port}`;
      const server = startPeer(app);
      systems.push({
        name: app.name,
        origin,
        cookie: () => "",
        refresh: async () => {},
        server,
        start: () => startPeer(app),
      });
      await waitFor(`${origin}/`);
      const session = await peerCookie(origin);
      systems.at(-1)!.cookie = () => session;
    }
    // Warm all: the first requests compile routes and fill caches.
    for (const system of systems) for (const target of TARGETS) await throughputOf(system, target);

    // The idle p50 is taken when the system has sat still while the others were measured (as a server
    // that is not busy meets its next visitor); the warm one after its own load phase, the same
    // target's code just run thousands of times. On this machine every system spends more CPU per
    // request when it has been idle for a while (docs/performance.md, "Idle and warm"). The
    // interleaved one, the systems taking turns, lets drift on the machine fall on each alike.
    const figures = systems.map(() =>
      TARGETS.map(() => ({
        idle: [] as number[],
        rps: [] as number[],
        warm: [] as number[],
        interleaved: [] as number[],
      })),
    );
    let lastMeasured = systems.length - 1; // the warm-up's last
    for (let round = 0; round < ROUNDS; round++) {
      const order = orderOf(round, systems.length);
      // A round never starts with the system the last one ended with: its idle p50 would follow its own load.
      if (order[0] === lastMeasured) order.push(order.shift()!);
      lastMeasured = order.at(-1)!;
      for (const [targetIndex, target] of TARGETS.entries()) {
        for (const systemIndex of order) {
          const system = systems[systemIndex]!;
          await system.refresh();
          const figure = figures[systemIndex]![targetIndex]!;
          figure.idle.push(await p50Of(system, target));
          figure.rps.push(await throughputOf(system, target));
          figure.warm.push(await p50Of(system, target));
        }
      }
      process.stdout.write(`  round ${round + 1}/${ROUNDS} done\n`);
    }
    // After the idle and warm rounds, not among them: turns with every system would end the idleness
    // an idle p50 needs.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [targetIndex, target] of TARGETS.entries()) {
        for (const system of systems) await system.refresh();
        const interleaved = await p50s(systems, target);
        for (const [systemIndex, p50] of interleaved.entries())
          figures[systemIndex]![targetIndex]!.interleaved.push(p50);
      }
      process.stdout.write(`  interleaved round ${round + 1}/${ROUNDS} done\n`);
    }

    const weights = await Promise.all(systems.map((system) => weigh(system.origin)));
    // Each server gone before any cold start: Gatehouse drains for a while after SIGTERM, still
    // answering, and a start timed against it would be timed against the old process.
    await Promise.all(systems.map((system) => stopped(system.server)));
    const starts: number[][] = systems.map(() => []);
    for (let i = 0; i < STARTS; i++)
      for (const systemIndex of orderOf(i, systems.length)) {
        const system = systems[systemIndex]!;
        starts[systemIndex]!.push(await coldStart(system.start, system.origin));
      }

    console.log(
      `\nGatehouse and the peer (${path.relative(process.cwd(), PEER_SOURCE)}), production builds on this machine; ` +
        `"peer, edge" is the peer with its proxy moved to an edge middleware.ts in front of every page` +
        `${systems.some((system) => system.name === "before") ? `; "before" is the build in ${process.env.BENCH_BASELINE_DIR}` : ""}. ` +
        `${ROUNDS} rounds, the system order changing round by round; ` +
        `per round ${SEQUENTIAL} sequential requests (p50, idle), ${SECONDS} s at ${CONNECTIONS} connections (req/s), ` +
        `${SEQUENTIAL} sequential requests again (p50, warm); then ${ROUNDS} rounds more, per target ` +
        `${SEQUENTIAL} requests to each system, the systems taking turns request by request ` +
        `(p50, interleaved); medians of the rounds.\n`,
    );
    const others = systems.slice(1);
    const head = [...systems.map((system) => system.name), ...others.map((system) => `÷ ${system.name}`)];
    const row = (label: string, cells: string[]) =>
      console.log(`  ${label.padEnd(28)}${cells.map((cell) => cell.padStart(13)).join("")}`);
    /** One row: each system's figure, then Gatehouse's ÷ each other's. */
    const figureRow = (label: string, values: number[], show: (value: number) => string) =>
      row(label, [...values.map(show), ...values.slice(1).map((value) => ratio(values[0]!, value))]);
    for (const kind of ["idle", "warm", "interleaved"] as const) {
      row(`p50 latency, ${kind}`, head);
      for (const [index, target] of TARGETS.entries())
        figureRow(
          target.label,
          figures.map((system) => median(system[index]![kind])),
          (ms) => `${ms.toFixed(2)} ms`,
        );
      console.log("");
    }
    row("throughput (req/s)", head);
    for (const [index, target] of TARGETS.entries())
      figureRow(
        target.label,
        figures.map((system) => median(system[index]!.rps)),
        (rps) => rps.toFixed(0),
      );
    console.log("");
    figureRow(
      "HTML of / (bytes)",
      weights.map((weight) => weight.total),
      String,
    );
    row(
      "  of it inline script",
      weights.map((weight) => String(weight.inlineScript)),
    );
    figureRow(`cold start (median of ${STARTS})`, starts.map(median), (ms) => `${(ms / 1000).toFixed(2)} s`);
  } finally {
    for (const system of systems) system.server.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
