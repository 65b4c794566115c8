import http from "node:http";

/**
 * What a hook on Node's HTTP server does with one request: answer it itself (and return true), or
 * pass it on with `next()` (Next.js, or the hook installed before this one), possibly inside a
 * context of its own or with the response's methods wrapped.
 */
export type RequestHook = (
  request: http.IncomingMessage,
  response: http.ServerResponse,
  next: () => boolean,
  server: http.Server,
) => boolean;

/**
 * Puts `hook` in front of every request any HTTP server in this process receives, once per name
 * (Next's dev server re-evaluates modules; the prototype outlives them). Hooks installed later run
 * first. Installed from instrumentation.ts, so they see every request, whichever part of Next ends
 * up answering it.
 */
export function hookRequests(name: string, hook: RequestHook): void {
  const installed = Symbol.for(`gatehouse.requestHook.${name}`);
  const proto = http.Server.prototype as http.Server & Record<symbol, true | undefined>;
  if (proto[installed]) return;
  proto[installed] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    const next = () => Reflect.apply(emit, this, [event, ...args]) as boolean;
    if (event !== "request") return next();
    const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
    return hook(request, response, next, this);
  } as typeof proto.emit;
}
