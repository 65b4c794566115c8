import type http from "node:http";
import { hookRequests } from "@/lib/server/request-hook";

// Graceful shutdown, for rolling restarts behind a load balancer (docs/operations.md: "Stopping and restarting").
// On SIGTERM an instance:
//  1. says 503 on its readiness probe at once, and keeps answering for SHUTDOWN_DRAIN_DELAY_MS, so the
//     load balancer sees the probe and stops sending it new requests before it stops listening;
//  2. stops accepting connections, and closes each kept-alive one as soon as it is idle (answers say
//     `Connection: close`), so no request can arrive on a socket that is about to close;
//  3. waits for the requests in flight, up to SHUTDOWN_TIMEOUT_MS, then closes what is left;
//  4. closes its database pool and Redis connection (each module registers its own with onShutdown)
//     and exits 0.
// Next's own handler exits at once, dropping requests in flight; it is replaced (production only).

/** "work" (a background worker, a flush) closes before any "resource" (a pool) it still needs. */
type Closer = { name: string; close: () => unknown; kind: "work" | "resource" };
type State = {
  draining: boolean;
  servers: Set<http.Server>;
  open: Set<http.ServerResponse>;
  closers: Closer[];
};
// On globalThis: instrumentation.ts and the app are bundled apart, and both must see one state.
const STATE = Symbol.for("gatehouse.shutdown");
const state = ((globalThis as Record<symbol, unknown>)[STATE] ??= {
  draining: false,
  servers: new Set(),
  open: new Set(),
  closers: [],
} satisfies State) as State;

/**
 * Registers something to close after the last request has been answered: a pool or a client
 * ("resource"), or work that still writes to one (a background worker, a flush: "work"), which is
 * closed first, whatever the order modules were loaded in.
 */
export function onShutdown(name: string, close: () => unknown, kind: Closer["kind"] = "resource"): void {
  state.closers.push({ name, close, kind });
}

/** Whether this instance is on its way out: the readiness probe then says 503. */
export function isShuttingDown(): boolean {
  return state.draining;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function log(message: string): void {
  console.log(JSON.stringify({ level: 30, time: new Date().toISOString(), msg: `shutdown: ${message}` }));
}

async function closeWithin(closer: Closer, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(closer.close),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`not closed within ${ms} ms`)), ms))),
    ]);
  } catch (error) {
    log(`${closer.name}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

async function shutDown(signal: string, drainDelayMs: number, timeoutMs: number): Promise<void> {
  const started = Date.now();
  state.draining = true;
  log(`${signal}: not ready from now on; stopping to accept connections in ${drainDelayMs} ms`);
  await sleep(drainDelayMs);
  for (const server of state.servers) {
    server.close();
    server.closeIdleConnections();
  }
  const inFlight = state.open.size;
  const deadline = Date.now() + timeoutMs;
  while (state.open.size > 0 && Date.now() < deadline) {
    await sleep(25);
    for (const server of state.servers) server.closeIdleConnections();
  }
  const cutOff = state.open.size;
  for (const server of state.servers) server.closeAllConnections();
  const ordered = [
    ...state.closers.filter((c) => c.kind === "work"),
    ...state.closers.filter((c) => c.kind !== "work"),
  ];
  for (const closer of ordered) await closeWithin(closer, 5_000);
  log(
    `done in ${Date.now() - started} ms: ${inFlight - cutOff} of ${inFlight} requests in flight finished` +
      (cutOff ? `, ${cutOff} cut off at the ${timeoutMs} ms limit` : ""),
  );
  process.exit(0);
}

export function installGracefulShutdown({ drainDelayMs, timeoutMs }: { drainDelayMs: number; timeoutMs: number }) {
  hookRequests("gracefulShutdown", (_request, response, next, server) => {
    state.servers.add(server);
    state.open.add(response);
    response.once("close", () => state.open.delete(response));
    // Headers are still open to change until the first byte is written.
    const writeHead = response.writeHead;
    response.writeHead = function (this: http.ServerResponse, ...rest: unknown[]) {
      if (state.draining && !this.headersSent) this.setHeader("connection", "close");
      return Reflect.apply(writeHead, this, rest) as http.ServerResponse;
    } as typeof response.writeHead;
    return next();
  });

  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      // A second signal means "now".
      if (stopping) process.exit(1);
      stopping = true;
      void shutDown(signal, drainDelayMs, timeoutMs);
    });
  }
}
