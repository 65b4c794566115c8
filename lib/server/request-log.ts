import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino from "pino";
import { countRequest } from "@/lib/server/metrics";
import { hookRequests } from "@/lib/server/request-hook";

// One structured line per request (JSON, pino), written when the response is finished: its request
// id (echoed as X-Request-Id, and quoted by a 500), method, route, status, duration and who asked;
// and its count in the metrics (lib/server/metrics.ts).
// Installed on Node's HTTP server from instrumentation.ts, so every answer is counted, whichever part
// of Next produced it (a page, an action, a route handler, a static file, middleware's refusal).
// Never a secret: the route is the path with anything that could be an id or a token replaced, and
// no query string, header or body is logged.
// In development `next dev` prints a readable line per request already; JSON lines are for production.
const WRITES_LINES = process.env.NODE_ENV === "production";

/** What the code serving a request adds to its log line (who asked, once a guard knows). */
type RequestFacts = { personId?: string };
// One store per process, kept on globalThis: Next bundles instrumentation.ts and the app apart, so
// each bundle has its own copy of this module, and both must see the same store.
const STORE = Symbol.for("gatehouse.requestFacts");
const current: AsyncLocalStorage<RequestFacts> = ((globalThis as Record<symbol, unknown>)[STORE] ??=
  new AsyncLocalStorage<RequestFacts>()) as AsyncLocalStorage<RequestFacts>;

/** Names the person the current request acts for, in its log line (no-op outside a logged request). */
export function noteRequestPerson(personId: string): void {
  const facts = current.getStore();
  if (facts) facts.personId = personId;
}

// An id a proxy in front may already have given the request (so its logs and ours line up); anything
// else is replaced, so a client cannot write arbitrary text into our log.
const FORWARDED_ID = /^[\w.:-]{8,64}$/;

/**
 * The path as a route: segments that carry ids, tokens or codes become ":id", so the log holds no
 * secret and a metrics label has few values. What reads as a name stays: lower-case words with
 * dashes or dots up to 32 characters, an API version ("v1"), ".well-known".
 */
export function routeOf(url: string): string {
  const path = url.split("?")[0].split("#")[0];
  if (path.startsWith("/_next/")) return "/_next/*";
  const segments = path
    .split("/")
    .slice(1)
    .map((segment) => (isWord(segment) ? segment : ":id"));
  return `/${segments.join("/")}`.slice(0, 200);
}

function isWord(segment: string): boolean {
  if (segment === "" || segment.length > 32) return segment === "";
  // Ids and tokens mix in upper case, digits or underscores.
  return /^[a-z][a-z.-]*$/.test(segment) || /^\.well-known$/.test(segment) || /^v\d$/.test(segment);
}

let logger: pino.Logger | undefined;
function log(): pino.Logger {
  logger ??= pino({ base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
  return logger;
}

export function installRequestLog(): void {
  hookRequests("requestLog", (request, response, next) => {
    const forwarded = request.headers["x-request-id"];
    const requestId = typeof forwarded === "string" && FORWARDED_ID.test(forwarded) ? forwarded : randomUUID();
    request.headers["x-request-id"] = requestId;
    response.setHeader("x-request-id", requestId);
    const started = performance.now();
    const facts: RequestFacts = {};
    response.once("close", () => {
      const route = routeOf(request.url ?? "/");
      const elapsedMs = performance.now() - started;
      countRequest(request.method ?? "", route, response.statusCode, elapsedMs / 1000);
      if (!WRITES_LINES) return;
      log().info({
        msg: "request",
        requestId,
        method: request.method,
        route,
        status: response.statusCode,
        durationMs: Math.round(elapsedMs * 10) / 10,
        ...(facts.personId ? { personId: facts.personId } : {}),
        ...(response.writableFinished ? {} : { aborted: true }),
      });
    });
    return current.run(facts, next);
  });
}
