// `npm run bench:profile` (after `npm run build`): where the time of one request goes. The production
// build on a seeded SQLite file, with V8's sampling profiler switched on (Chrome DevTools protocol,
// loopback only) for one target at a time while the benchmark sends it sequential requests. Each
// sample's function is traced back through the build's source maps to the file it came from, and the
// file to a step of the request (middleware, cookie cryptography, Prisma, the SQLite driver, React,
// Next.js, the request log, our own code). Prints milliseconds of CPU per request for each step and
// target, and the difference a session makes: signed-in minus signed-out `/`, valid token minus the 401
// floor; and a signed-out /dashboard, which middleware redirects (its cost alone). Once bench:peers has
// built the peers from their source as it is now (bench/peer-apps.ts), the same steps of their signed-out
// `/`, signed-in `/dashboard` and redirect are printed beside Gatehouse's.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import { PEERS, peerCookie, peersCurrent, startPeer } from "./peer-apps";
import { requireBuild, scratchDatabase, startWithDemoWriter, waitFor } from "./support";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const PORT = 3502;
const ORIGIN = `http://localhost:${PORT}`;
const INSPECTOR_PORT = 9232;
requireBuild();
const { env } = scratchDatabase("bench-profile", {
  NODE_OPTIONS: `--inspect=127.0.0.1:${INSPECTOR_PORT}`,
  API_RATE_LIMIT_PER_MINUTE: "100000000",
  API_IP_RATE_LIMIT_PER_MINUTE: "100000000",
});

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** One DevTools-protocol connection to the instance's V8. */
async function inspector(port: number) {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error("the inspector did not answer"));
  });
  let next = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  };
  return {
    send<T>(method: string, params: object = {}): Promise<T> {
      const id = ++next;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve) => waiting.set(id, resolve as (result: unknown) => void));
    },
    close: () => socket.close(),
  };
}

// The steps, by the source file a sample's function came from (after source maps). Order matters:
// the first match wins.
const STEPS: Array<[step: string, test: (source: string, generated: string) => boolean]> = [
  // Middleware runs in Next's edge sandbox (a vm context): our code in it, and the rest (Next's adapter,
  // the request and response objects, its polyfills).
  [
    "middleware: the app's own (middleware.ts, lib/)",
    (source, generated) => generated.includes("/.next/server/edge/") && /^(middleware\.ts|lib\/)/.test(source),
  ],
  ["middleware: Next's edge runtime", (_, generated) => generated.includes("/.next/server/edge/")],
  ["cookie crypto (jose, node:crypto)", (source) => /node_modules\/jose\/|node:internal\/crypto/.test(source)],
  ["Prisma query compiler (WebAssembly)", (source) => source.startsWith("wasm:")],
  ["Prisma client", (source) => /@prisma\/client|\.prisma\/client|node_modules\/@prisma\/(?!adapter)/.test(source)],
  [
    "SQLite driver (adapter + better-sqlite3)",
    (source) => /adapter-better-sqlite3|better-sqlite3|^lib\/sqlite-statements/.test(source),
  ],
  ["Auth.js", (source) => /node_modules\/(@auth\/core|next-auth)\//.test(source)],
  ["React (render, flight)", (source) => /compiled\/react|node_modules\/react(-dom)?\//.test(source)],
  ["Next.js (routing, app render)", (source) => /node_modules\/next\/|^webpack:\/next\//.test(source)],
  ["client address (ipaddr.js)", (source) => source.includes("node_modules/ipaddr.js/")],
  [
    "request log and metrics (pino, prom-client)",
    (source) => /^lib\/server\/(request-log|metrics)|node_modules\/(pino|sonic-boom|prom-client)\//.test(source),
  ],
  [
    "method guard, outage answers",
    (source) => /^lib\/server\/(method-guard|database-outage|request-hook)/.test(source),
  ],
  ["the app's own code (app/, lib/, components/)", (source) => /^(app|lib|components|instrumentation)/.test(source)],
  ["garbage collector", (source) => source === "(garbage collector)"],
  ["Node (http, streams, timers)", (source) => source.startsWith("node:")],
];
const OTHER = "other (V8, native, libraries)";

// BENCH_DETAIL=<the start of a step's name> also lists the functions that step's time went to.
const DETAIL = process.env.BENCH_DETAIL;
const detail = new Map<string, number>();
const maps = new Map<string, TraceMap | null>();
function traceMap(generated: string): TraceMap | null {
  if (!maps.has(generated)) {
    let map: TraceMap | null = null;
    // Node's own modules are file:// addresses; the edge sandbox's are plain paths.
    const file = generated.startsWith("file://") ? fileURLToPath(generated) : generated;
    if (path.isAbsolute(file) && existsSync(`${file}.map`)) {
      try {
        map = new TraceMap(readFileSync(`${file}.map`, "utf8"), generated);
      } catch {
        map = null;
      }
    }
    maps.set(generated, map);
  }
  return maps.get(generated)!;
}

/** The source file a call frame's code was written in, relative to the project where it is ours. */
function sourceOf(frame: CallFrame): string {
  if (!frame.url) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  const map = traceMap(frame.url);
  let source = frame.url;
  if (map) {
    const original = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
    if (original.source) source = original.source;
  }
  if (source.startsWith("file://")) source = fileURLToPath(source);
  // The build's maps name sources relative to their chunk: "…/.next/server/middleware.ts" is ours.
  const relative = path.relative(process.cwd(), source.replace(/^\[project\]\//, "")).replace(/^\.next\/server\//, "");
  return relative.startsWith("..") ? source : relative;
}

function stepOf(frame: CallFrame): string {
  const source = sourceOf(frame);
  return STEPS.find(([, test]) => test(source, frame.url))?.[0] ?? OTHER;
}

/** Milliseconds of CPU per step in a profile; idle time is left out. */
function msPerStep(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // A native function (a write to a socket, a SQLite statement, a hash) counts for the step that
  // called it.
  const stepByNode = new Map<number, string | null>();
  const stepFor = (id: number): string | null => {
    if (stepByNode.has(id)) return stepByNode.get(id)!;
    const { callFrame } = byId.get(id)!;
    let step: string | null;
    if (callFrame.functionName === "(idle)") step = null;
    else if (callFrame.url || callFrame.functionName.startsWith("(") || !parent.has(id)) step = stepOf(callFrame);
    else step = stepFor(parent.get(id)!);
    stepByNode.set(id, step);
    return step;
  };
  const totals = new Map<string, number>();
  for (const [index, nodeId] of profile.samples.entries()) {
    const step = stepFor(nodeId);
    // A sample's time is the gap to the next one.
    const micros = profile.timeDeltas[index + 1] ?? 0;
    if (step) totals.set(step, (totals.get(step) ?? 0) + micros / 1000);
    if (DETAIL && step?.startsWith(DETAIL)) {
      const frame = byId.get(nodeId)!.callFrame;
      const where = `${sourceOf(frame)} ${frame.functionName || "(anonymous)"}`;
      detail.set(where, (detail.get(where) ?? 0) + micros / 1000);
    }
  }
  return totals;
}

type Target = { label: string; path: string; headers: () => Record<string, string>; status: number };

async function requests(origin: string, target: Target, count: number) {
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${origin}${target.path}`, { headers: target.headers(), redirect: "manual" });
    await response.arrayBuffer();
    if (response.status !== target.status) throw new Error(`${target.label}: ${response.status}`);
  }
}

/** CPU ms per request of each step, per target, in the instance whose inspector listens on `port`. */
async function profileTargets(port: number, origin: string, targets: Target[]): Promise<Array<Map<string, number>>> {
  const v8 = await inspector(port);
  await v8.send("Profiler.enable");
  await v8.send("Profiler.setSamplingInterval", { interval: 100 });
  const results: Array<Map<string, number>> = [];
  for (const target of targets) {
    await requests(origin, target, 300); // warm
    await v8.send("Profiler.start");
    await requests(origin, target, REQUESTS);
    const { profile } = await v8.send<{ profile: Profile }>("Profiler.stop");
    const totals = msPerStep(profile);
    for (const [step, ms] of totals) totals.set(step, ms / REQUESTS);
    results.push(totals);
    if (DETAIL) {
      console.log(`\n${target.label}, ${DETAIL}…: ms per request by function`);
      for (const [where, ms] of [...detail].sort((a, b) => b[1] - a[1]).slice(0, 15))
        console.log(`  ${(ms / REQUESTS).toFixed(3)}  ${where}`);
      detail.clear();
    }
  }
  v8.close();
  return results;
}

const STEP_NAMES = [...STEPS.map(([step]) => step), OTHER];
const total = (totals: Map<string, number>) => [...totals.values()].reduce((a, b) => a + b, 0);
const cell = (value: number) => value.toFixed(3).padStart(10);

/**
 * The same steps in the peers (bench/peer-apps.ts, once bench:peers has built them from their source as
 * it is now): signed-out `/`, signed-in `/dashboard` and the redirect beside Gatehouse's, so each step's
 * share of the difference shows.
 */
async function profilePeers(ours: {
  out: Map<string, number>;
  dashboard: Map<string, number>;
  redirect: Map<string, number>;
}) {
  if (!peersCurrent()) {
    console.log(
      "\n(Run npm run bench:peers to build the peers from their source as it is now; their profile is then printed here too.)",
    );
    return;
  }
  const columns: Array<[string, Map<string, number>]> = [
    ["/ out", ours.out],
    ["/dashboard", ours.dashboard],
    ["redirect", ours.redirect],
  ];
  for (const [index, peer] of PEERS.entries()) {
    const inspectorPort = INSPECTOR_PORT + 1 + index;
    const origin = `http://localhost:${peer.port}`;
    const server = startPeer(peer, { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectorPort}` });
    try {
      await waitFor(`${origin}/`);
      const cookie = await peerCookie(origin);
      const [out, dashboard, redirect] = await profileTargets(inspectorPort, origin, [
        { label: `${peer.name} / out`, path: "/", headers: () => ({}), status: 200 },
        { label: `${peer.name} /dashboard`, path: "/dashboard", headers: () => ({ cookie }), status: 200 },
        { label: `${peer.name} redirect`, path: "/dashboard", headers: () => ({}), status: 307 },
      ]);
      columns.push(
        [`${peer.name} /`, out!],
        [`${peer.name} /dashboard`, dashboard!],
        [`${peer.name} redirect`, redirect!],
      );
    } finally {
      server.kill();
    }
  }
  console.log(`\nThe same, Gatehouse beside the peers (/ signed out, /dashboard signed in, redirect)\n`);
  const WIDTH = Math.max(...columns.map(([label]) => label.length)) + 2;
  console.log(`  ${"step".padEnd(46)}${columns.map(([label]) => label.padStart(WIDTH)).join("")}`);
  for (const step of STEP_NAMES) {
    const row = columns.map(([, totals]) => totals.get(step) ?? 0);
    if (row.every((value) => value < 0.0005)) continue;
    console.log(`  ${step.padEnd(46)}${row.map((value) => value.toFixed(3).padStart(WIDTH)).join("")}`);
  }
  console.log(
    `  ${"total".padEnd(46)}${columns.map(([, totals]) => total(totals).toFixed(3).padStart(WIDTH)).join("")}`,
  );
}

async function main() {
  const { server, token, cookie } = await startWithDemoWriter(PORT, env);
  try {
    const targets: Target[] = [
      { label: "/ out", path: "/", headers: () => ({}), status: 200 },
      { label: "/ in", path: "/", headers: () => ({ cookie }), status: 200 },
      { label: "/dashboard", path: "/dashboard", headers: () => ({ cookie }), status: 200 },
      // Middleware alone: a signed-out request it redirects to sign-in, no page rendered.
      { label: "redirect", path: "/dashboard", headers: () => ({}), status: 307 },
      {
        label: "API token",
        path: "/api/v1/articles",
        headers: () => ({ authorization: `Bearer ${token}` }),
        status: 200,
      },
      { label: "API 401", path: "/api/v1/articles", headers: () => ({}), status: 401 },
    ];
    const results = await profileTargets(INSPECTOR_PORT, ORIGIN, targets);
    console.log(
      `\nCPU ms per request on the server (production build, SQLite, ${REQUESTS} sequential requests each)\n`,
    );
    console.log(
      `  ${"step".padEnd(42)}${targets.map((t) => t.label.padStart(10)).join("")}${"in − out".padStart(10)}${"tok − 401".padStart(10)}`,
    );
    const [out, inside, , , api, floor] = results;
    for (const step of STEP_NAMES) {
      const row = results.map((totals) => totals.get(step) ?? 0);
      if (row.every((value) => value < 0.0005)) continue;
      const delta = (a: Map<string, number>, b: Map<string, number>) => (a.get(step) ?? 0) - (b.get(step) ?? 0);
      console.log(`  ${step.padEnd(42)}${row.map(cell).join("")}${cell(delta(inside, out))}${cell(delta(api, floor))}`);
    }
    console.log(
      `  ${"total".padEnd(42)}${results.map((totals) => cell(total(totals))).join("")}` +
        `${cell(total(inside) - total(out))}${cell(total(api) - total(floor))}`,
    );
    server.kill();
    await profilePeers({ out: out!, dashboard: results[2]!, redirect: results[3]! });
  } finally {
    server.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
