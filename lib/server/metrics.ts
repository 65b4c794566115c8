import client from "prom-client";

// Prometheus metrics of this process (prom-client), read at /api/metrics with METRICS_TOKEN
// (app/api/metrics/route.ts). One registry per process, kept on globalThis: Next bundles
// instrumentation.ts and the app apart, and both count into it.
const REGISTRY = Symbol.for("gatehouse.metrics");

// A route label per distinct path shape, up to this many; past it (a scanner walking made-up
// paths that happen to answer) they share one, so memory stays bounded.
const MAX_ROUTES = 300;

type PoolUsage = { total: number; idle: number; waiting: number };

function make() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "gatehouse_" });
  const registers = [registry];
  let poolUsage: (() => PoolUsage | null) | null = null;
  const routes = new Set<string>();
  return {
    registry,
    routes,
    httpRequests: new client.Counter({
      name: "gatehouse_http_requests_total",
      help: "Requests answered, by method, route and status.",
      labelNames: ["method", "route", "status"] as const,
      registers,
    }),
    httpDuration: new client.Histogram({
      name: "gatehouse_http_request_duration_seconds",
      help: "Time from a request's arrival to the end of its answer, by route.",
      labelNames: ["route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    auditAppends: new client.Counter({
      name: "gatehouse_audit_appends_total",
      help: "Entries appended to the audit log, by action (sign-ins, failed sign-ins, throttles, changes...); an append whose transaction lost a race and ran again counts again.",
      labelNames: ["action"] as const,
      registers,
    }),
    auditAppendDuration: new client.Histogram({
      name: "gatehouse_audit_append_duration_seconds",
      help: "Time to append one audit entry on its own: the insert and its commit (entries written inside a change's own transaction are not timed; sealing is not a request's work).",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    auditSealed: new client.Counter({
      name: "gatehouse_audit_sealed_total",
      help: "Audit entries sealed into the hash chain by this instance's sealer.",
      registers,
    }),
    transactionsGivenUp: new client.Counter({
      name: "gatehouse_db_transactions_given_up_total",
      help: "Serializable transactions that kept conflicting with others until their retries ran out (answered 503 with Retry-After).",
      registers,
    }),
    tokenUses: new client.Counter({
      name: "gatehouse_api_token_uses_total",
      help: "Authenticated REST API requests, by kind of token (personal, app, service).",
      labelNames: ["kind"] as const,
      registers,
    }),
    pool: new client.Gauge({
      name: "gatehouse_db_pool_connections",
      help: "PostgreSQL connections of this instance's pool: total, idle, and requests waiting for one.",
      labelNames: ["state"] as const,
      registers,
      collect() {
        const usage = poolUsage?.();
        if (!usage) return;
        for (const [state, value] of Object.entries(usage)) this.set({ state }, value);
      },
    }),
    setPoolUsage(source: () => PoolUsage | null) {
      poolUsage = source;
    },
  };
}

type Metrics = ReturnType<typeof make>;

export function metrics(): Metrics {
  const store = globalThis as Record<symbol, Metrics | undefined>;
  return (store[REGISTRY] ??= make());
}

/** Counts one answered request (lib/server/request-log.ts). Unknown paths (404) share one route. */
export function countRequest(method: string, route: string, status: number, seconds: number): void {
  const { routes, httpRequests, httpDuration } = metrics();
  let label = status === 404 ? "(not found)" : route;
  if (!routes.has(label)) {
    if (routes.size >= MAX_ROUTES) label = "(other)";
    else routes.add(label);
  }
  httpRequests.inc({ method, route: label, status: String(status) });
  httpDuration.observe({ route: label }, seconds);
}
