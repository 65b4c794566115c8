import http from "node:http";

// Next builds a Web Request for every incoming request, and the Fetch standard forbids some methods
// (TRACE, TRACK, CONNECT): constructing the Request throws, before middleware or any route runs, and
// Next answers a bare 500 with a stack trace in the log. Node's HTTP server accepts them, so they are
// answered here, on the server itself, before Next sees them: 405 with the methods Gatehouse serves.
// Installed once per process from instrumentation.ts (`next start` and `next dev` both load it).
export const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const served = new Set<string>(SERVED_METHODS);
const INSTALLED = Symbol.for("gatehouse.methodGuard");

export function installMethodGuard(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      if (!served.has(request.method ?? "")) {
        const body = JSON.stringify({
          error: "method_not_allowed",
          message: `Gatehouse does not answer ${String(request.method).slice(0, 16)} requests.`,
        });
        response.writeHead(405, {
          allow: SERVED_METHODS.join(", "),
          "content-type": "application/json",
          "cache-control": "no-store",
          "content-length": Buffer.byteLength(body),
        });
        response.end(body);
        request.resume();
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof proto.emit;
}
