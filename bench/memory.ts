// `npm run bench:memory` (after `npm run build`): resident memory of one production instance (SQLite
// scratch database) at idle, after BENCH_SECONDS (default 60) of signed-in load, and after a second
// such run. A leak shows as growth from the first run to the second; the first includes warm-up
// (compiled code, caches filling to their bounds).
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { sessionCookieFor } from "../tests/support/sign-in-http.mjs";
import { freshCookie, requireBuild, scratchDatabase, startProductionApp, waitFor } from "./support";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RUNS = Math.max(2, Number(process.env.BENCH_RUNS ?? 2));
const METRICS_TOKEN = "bench-only-metrics-token-0123456789abcdef";
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PORT = 3510;
const ORIGIN = `http://localhost:${PORT}`;
// Growth of the live heap from the first loaded run to the last that still counts as "no growth".
const TOLERANCE_MB = 5;

requireBuild();
const INSPECTOR_PORT = 9231;
const { env } = scratchDatabase("bench-memory", {
  METRICS_TOKEN,
  // So the benchmark can ask for a full garbage collection before it reads the heap (Chrome DevTools
  // protocol, loopback only): what is left is what the instance really keeps.
  NODE_OPTIONS: `--inspect=127.0.0.1:${INSPECTOR_PORT}`,
  API_RATE_LIMIT_PER_MINUTE: "100000000",
  API_IP_RATE_LIMIT_PER_MINUTE: "100000000",
});

/** Resident memory of the process listening on PORT (next start's server is the child itself). */
function residentMegabytes(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5_000));

/** Asks the instance's V8 for a full garbage collection (HeapProfiler.collectGarbage) and waits for it. */
async function collectGarbage(): Promise<void> {
  const [target] = (await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json/list`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => socket.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" }));
    socket.onmessage = (event) => {
      if ((JSON.parse(String(event.data)) as { id?: number }).id === 1) resolve();
    };
    socket.onerror = () => reject(new Error("the inspector did not answer"));
  });
  socket.close();
}

/** The instance's own count of live JavaScript objects (V8 heap in use), from its Prometheus metrics. */
async function heapUsedMegabytes(): Promise<number> {
  const text = await (
    await fetch(`${ORIGIN}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const match = text.match(/^gatehouse_nodejs_heap_size_used_bytes (\S+)$/m);
  return match ? Number(match[1]) / 1024 / 1024 : Number.NaN;
}

async function main() {
  const { DEMO_ACCOUNTS } = await import("@/prisma/demo-data");
  let server: ChildProcess | undefined;
  try {
    server = startProductionApp(PORT, env);
    await waitFor(`${ORIGIN}/api/health`);
    const pid = server.pid!;
    let cookies = await Promise.all(
      [DEMO_ACCOUNTS.user, DEMO_ACCOUNTS.writer, DEMO_ACCOUNTS.editor].map((person) =>
        sessionCookieFor(ORIGIN, person.email, person.password),
      ),
    );
    await settle();
    const idle = residentMegabytes(pid);
    const paths = ["/dashboard", "/", "/settings/tokens", "/api/health"];
    const loaded: number[] = [];
    const heaps: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      // As a browser holds them: re-issued (middleware re-reads a role over 60 s old, and a load
      // generator ignores Set-Cookie).
      cookies = await Promise.all(cookies.map((cookie) => freshCookie(ORIGIN, cookie)));
      let next = 0;
      const result = await autocannon({
        url: ORIGIN,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: [
          {
            setupRequest: (request: Record<string, unknown>) => ({
              ...request,
              path: paths[next % paths.length],
              headers: { cookie: cookies[next++ % cookies.length] },
            }),
          },
        ],
      });
      await settle();
      await collectGarbage();
      loaded.push(residentMegabytes(pid));
      heaps.push(await heapUsedMegabytes());
      console.log(
        `  run ${run}: ${result.requests.total.toLocaleString("en")} requests in ${SECONDS} s ` +
          `(${result.non2xx} not 2xx), then ${loaded.at(-1)!.toFixed(0)} MB resident, ${heaps.at(-1)!.toFixed(1)} MB live heap`,
      );
    }
    // The leak test is the live heap after a full collection; resident memory is shown for the record
    // (V8 and the allocator keep freed pages for a while).
    const growth = heaps.at(-1)! - heaps[0];
    console.log(
      `\nResident memory: ${idle.toFixed(0)} MB idle, ${loaded.map((mb) => `${mb.toFixed(0)} MB`).join(", ")} after runs 1 to ${RUNS}: ` +
        `live JavaScript heap after a full collection ${heaps.map((mb) => mb.toFixed(1)).join(", ")} MB: ` +
        `${growth >= 0 ? "+" : ""}${growth.toFixed(1)} MB from the first loaded run to the last ` +
        `(${Math.abs(growth) <= TOLERANCE_MB ? "no growth" : "GROWS"}, tolerance ±${TOLERANCE_MB} MB)`,
    );
  } finally {
    server?.kill("SIGKILL");
  }
}

void main();
