import type { ErrorCode } from "@/lib/http/error-codes";
import { AsyncLocalStorage } from "node:async_hooks";
import type http from "node:http";
import { hookRequests } from "@/lib/server/request-hook";

// What a request gets when the database cannot serve it (down, restarting, refusing connections, or
// too slow: a statement or the wait for a pooled connection ran out of time). Without this, the
// failure surfaces as whatever the code above it makes of an exception: a 500 "something went wrong".
// Instead, any 5xx answer to a request that met an unreachable database becomes a 503 with
// Retry-After and a message saying what is going on, in the form the client reads (a page, JSON, or
// the plain text a server action's caller shows).
//
// Found at the cause: every call into the database driver goes through watchDatabase() (lib/db.ts),
// which marks the request it served when the driver fails for want of a database. The answer is
// rewritten on Node's HTTP server (installed from instrumentation.ts), whichever part of Next built it.

export const DATABASE_RETRY_AFTER_SECONDS = 5;
export const DATABASE_UNAVAILABLE_MESSAGE =
  "Gatehouse cannot reach its database right now, so this request was not completed. Try again in a few seconds.";

// The driver adapters' names for a database that is not there (lib/db.ts's adapters report these).
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
]);
// PostgreSQL SQLSTATEs: 08 connection exceptions, 53 insufficient resources, 57 operator
// intervention (shutdown, restart, statement_timeout's 57014), 55P03 lock_timeout, 55000 "database
// does not accept connections".
const UNAVAILABLE_SQLSTATE = /^(08|53|57)[0-9A-Z]{3}$|^55P03$|^55000$/;
// Prisma's own codes: P1001 cannot reach, P1002 timed out, P1008 operation timed out, P1017 server
// closed the connection, P2024 timed out waiting for a pooled connection.
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNAVAILABLE_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
// node-postgres raises these as plain Errors without a code.
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error)/;
// SQLite's busy timeout ran out: another writer held the file for longer than we wait.
const SQLITE_BUSY = "SQLITE_BUSY";

/** Whether `error` says the database is unreachable or too slow, rather than that a query is wrong. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const { code, kind, originalCode, message, cause, meta } = error as {
    code?: unknown;
    kind?: unknown;
    originalCode?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  if (typeof kind === "string" && UNAVAILABLE_KINDS.has(kind)) return true;
  for (const value of [code, originalCode]) {
    if (typeof value !== "string") continue;
    if (UNAVAILABLE_SQLSTATE.test(value) || UNAVAILABLE_PRISMA_CODES.has(value)) return true;
    if (UNAVAILABLE_NODE_CODES.has(value) || value === SQLITE_BUSY) return true;
  }
  if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
  // Prisma wraps the driver's error (meta.driverAdapterError), Auth.js wraps ours (cause.err).
  const nested = [cause, meta?.driverAdapterError, (cause as { err?: unknown } | undefined)?.err];
  return nested.some((inner) => inner !== error && isDatabaseUnavailable(inner, depth + 1));
}

type OutageFacts = { databaseUnavailable: boolean };
// Kept on globalThis: instrumentation.ts and the app are bundled apart, and both must see one store.
const STORE = Symbol.for("gatehouse.outageFacts");
const LAST_SEEN = Symbol.for("gatehouse.databaseUnavailableAt");
const slots = globalThis as Record<symbol, unknown>;
const requests = (slots[STORE] ??= new AsyncLocalStorage<OutageFacts>()) as AsyncLocalStorage<OutageFacts>;
// Prisma may batch queries from several requests into one driver call; a failure then marks only the
// request whose call carried the batch. The others are recognised by time: any 5xx within this window
// of a failure is taken for the same outage.
const SAME_OUTAGE_MS = 2_000;

function noteDatabaseUnavailable(): void {
  slots[LAST_SEEN] = Date.now();
  const facts = requests.getStore();
  if (facts) facts.databaseUnavailable = true;
}

/**
 * Whether the request being served met an unreachable database. For code that catches every error
 * and answers something of its own (Auth.js's endpoints redirect to an error page): it can throw
 * instead, and the client gets this module's 503.
 */
export function metUnavailableDatabase(): boolean {
  return requests.getStore()?.databaseUnavailable ?? false;
}

export class DatabaseUnavailable extends Error {
  constructor() {
    super("The database did not answer while serving this request.");
  }
}

/**
 * A transaction kept losing to concurrent ones until its retries ran out (lib/db-transaction.ts):
 * load, not the client's mistake nor a bug. The request is marked as an outage's would be, so it is
 * answered 503 with Retry-After.
 */
export class DatabaseBusy extends Error {
  constructor(cause: unknown) {
    super("The database was too busy with conflicting writes to complete this request.", { cause });
    noteDatabaseUnavailable();
  }
}

function metDatabaseOutage(facts: OutageFacts): boolean {
  return facts.databaseUnavailable || Date.now() - Number(slots[LAST_SEEN] ?? 0) < SAME_OUTAGE_MS;
}

/**
 * `target` with every method watched: a failure that means "no database" marks the current request
 * before it propagates. Results that are themselves driver objects (a transaction from
 * startTransaction, an adapter from connect) are watched the same way.
 */
export function watchDatabase<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      return function watched(this: unknown, ...args: unknown[]) {
        const failed = (error: unknown): never => {
          if (isDatabaseUnavailable(error)) noteDatabaseUnavailable();
          throw error;
        };
        let result: unknown;
        try {
          result = Reflect.apply(value, this === receiver ? object : this, args);
        } catch (error) {
          return failed(error);
        }
        if (!(result instanceof Promise)) return result;
        return result.then(
          (resolved: unknown) =>
            resolved && typeof resolved === "object" && ["connect", "startTransaction"].includes(String(property))
              ? watchDatabase(resolved)
              : resolved,
          failed,
        );
      };
    },
  });
}

type Kind = "action" | "json" | "page";

function kindOf(request: http.IncomingMessage): Kind {
  // A server action's caller (Next's client) shows a text/plain error body as the error's message.
  if (request.headers["next-action"]) return "action";
  // A browser asks for HTML (a page, or an Auth.js redirect endpoint); API clients do not.
  const accept = String(request.headers.accept ?? "");
  return accept.includes("text/html") && !(request.url ?? "/").startsWith("/api/v1/") ? "page" : "json";
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>Gatehouse is unavailable for a moment</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:36rem;padding:0 1rem;background:#fff;color:#0f172a}
a{color:#1d4ed8}@media (prefers-color-scheme:dark){body{background:#0f172a;color:#f1f5f9}a{color:#93c5fd}}</style></head>
<body><main><h1>Gatehouse is unavailable for a moment</h1><p>${DATABASE_UNAVAILABLE_MESSAGE}</p>
<p><a href="">Try again</a></p></main></body></html>`;

function answer(kind: Kind): { type: string; body: string } {
  if (kind === "action") return { type: "text/plain", body: DATABASE_UNAVAILABLE_MESSAGE };
  if (kind === "json") {
    return {
      type: "application/json",
      body: JSON.stringify({
        error: "database_unavailable" satisfies ErrorCode,
        message: DATABASE_UNAVAILABLE_MESSAGE,
      }),
    };
  }
  return { type: "text/html; charset=utf-8", body: PAGE };
}

// Headers of the replaced answer that stay: the request id, and those that say nothing about its body.
const KEPT_HEADERS = new Set(["x-request-id", "strict-transport-security", "x-frame-options", "referrer-policy"]);

/** Rewrites a 5xx into the 503 above, once headers are about to be sent; the original body is dropped. */
function rewriteOutageAnswers(request: http.IncomingMessage, response: http.ServerResponse, facts: OutageFacts) {
  const { writeHead, write, end } = response;
  let replaced = false;
  const replace = () => {
    replaced = true;
    const { type, body } = answer(kindOf(request));
    for (const name of response.getHeaderNames()) if (!KEPT_HEADERS.has(name)) response.removeHeader(name);
    Reflect.apply(writeHead, response, [
      503,
      {
        "content-type": type,
        "content-length": Buffer.byteLength(body),
        "cache-control": "no-store",
        "retry-after": String(DATABASE_RETRY_AFTER_SECONDS),
        "x-content-type-options": "nosniff",
        // No script, form or <base> at all (default-src covers neither of the last two); the page's one
        // inline style block gives it readable colours in light and dark.
        "content-security-policy":
          "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      },
    ]);
    Reflect.apply(end, response, [request.method === "HEAD" ? undefined : body]);
  };
  const shouldReplace = (status: number) => !replaced && status >= 500 && metDatabaseOutage(facts);
  response.writeHead = function (this: http.ServerResponse, status: number, ...rest: unknown[]) {
    if (shouldReplace(status)) {
      replace();
      return this;
    }
    return Reflect.apply(writeHead, this, [status, ...rest]) as http.ServerResponse;
  } as typeof response.writeHead;
  response.write = function (this: http.ServerResponse, ...args: unknown[]) {
    if (!this.headersSent && shouldReplace(this.statusCode)) replace();
    if (replaced) return true;
    return Reflect.apply(write, this, args) as boolean;
  } as typeof response.write;
  response.end = function (this: http.ServerResponse, ...args: unknown[]) {
    if (!this.headersSent && shouldReplace(this.statusCode)) replace();
    if (replaced) {
      // A callback passed to end() still expects to be called.
      const callback = args.find((arg) => typeof arg === "function") as (() => void) | undefined;
      if (callback) process.nextTick(callback);
      return this;
    }
    return Reflect.apply(end, this, args) as http.ServerResponse;
  } as typeof response.end;
}

export function installOutageAnswers(): void {
  hookRequests("outageAnswers", (request, response, next) => {
    const facts: OutageFacts = { databaseUnavailable: false };
    rewriteOutageAnswers(request, response, facts);
    return requests.run(facts, next);
  });
}
