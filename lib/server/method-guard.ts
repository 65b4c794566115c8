import type { ErrorCode } from "@/lib/http/error-codes";
import { readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { hookRequests } from "@/lib/server/request-hook";

// Guards on the Node server itself, before Next builds a request (installed once per process from
// instrumentation.ts; `next start` and `next dev` both load it):
//  - Next builds a Web Request for every incoming request, and the Fetch standard forbids some
//    methods (TRACE, TRACK, CONNECT): constructing it throws, before middleware or any route runs,
//    and Next answers a bare 500 with a stack trace in the log. Node's HTTP server accepts them.
//  - Next's static file handler answers a POST to a file in public/ with a 500.
// Both are answered here instead: 405 with the methods that path serves.
export const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const served = new Set<string>(SERVED_METHODS);

function publicFiles(): Set<string> {
  try {
    return new Set(readdirSync(path.join(process.cwd(), "public")).map((name) => `/${name}`));
  } catch {
    return new Set();
  }
}

function refuse(request: http.IncomingMessage, response: http.ServerResponse, allow: readonly string[]) {
  const body = JSON.stringify({
    error: "method_not_allowed" satisfies ErrorCode,
    message: `Gatehouse does not answer ${String(request.method).slice(0, 16)} requests here.`,
  });
  response.writeHead(405, {
    allow: allow.join(", "),
    "content-type": "application/json",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
  request.resume();
}

export function installMethodGuard(): void {
  const files = publicFiles();
  hookRequests("methodGuard", (request, response, next) => {
    const method = request.method ?? "";
    if (!served.has(method)) {
      refuse(request, response, SERVED_METHODS);
      return true;
    }
    if (method !== "GET" && method !== "HEAD" && files.has((request.url ?? "").split("?")[0])) {
      refuse(request, response, ["GET", "HEAD"]);
      return true;
    }
    return next();
  });
}
