import type { IncomingHttpHeaders, OutgoingHttpHeader } from "node:http";
import { Readable, Writable } from "node:stream";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";

// oidc-provider is a Koa application that expects Node's request and response objects; a route
// handler has a Web Request and must return a Web Response. This is the smallest faithful bridge:
// the raw body is passed through unparsed, the full original path is kept (the provider computes its
// mount point from it), each Set-Cookie stays its own header, and the host and scheme the provider
// builds its URLs from are AUTH_URL's, never a client's.

/** A Node-like response that collects what Koa writes. */
class CollectedResponse extends Writable {
  statusCode = 200;
  statusMessage = "";
  headersSent = false;
  private readonly headers = new Map<string, OutgoingHttpHeader>();
  private readonly chunks: Buffer[] = [];
  readonly socket = null;

  setHeader(name: string, value: OutgoingHttpHeader): this {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }
  getHeader(name: string) {
    return this.headers.get(name.toLowerCase());
  }
  getHeaders() {
    return Object.fromEntries(this.headers);
  }
  getHeaderNames() {
    return [...this.headers.keys()];
  }
  hasHeader(name: string) {
    return this.headers.has(name.toLowerCase());
  }
  removeHeader(name: string) {
    this.headers.delete(name.toLowerCase());
  }
  writeHead(status: number, headers?: Record<string, OutgoingHttpHeader>) {
    this.statusCode = status;
    for (const [name, value] of Object.entries(headers ?? {})) this.setHeader(name, value);
    return this;
  }
  flushHeaders() {}

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void) {
    this.headersSent = true;
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }

  toResponse(): Response {
    const headers = new Headers();
    for (const [name, value] of this.headers) {
      if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      else headers.set(name, String(value));
    }
    const body = [101, 204, 205, 304].includes(this.statusCode) ? null : Buffer.concat(this.chunks);
    return new Response(body, { status: this.statusCode, headers });
  }
}

export async function callNodeHandler(
  handler: (req: never, res: never) => unknown,
  request: Request,
  body: Uint8Array,
  mountPath: string,
): Promise<Response> {
  const url = new URL(request.url);
  const authUrl = new URL(env.AUTH_URL);
  const headers: IncomingHttpHeaders = {};
  request.headers.forEach((value, name) => {
    if (name !== "x-forwarded-host" && name !== "x-forwarded-proto" && name !== "x-forwarded-for")
      headers[name] = value;
  });
  headers.host = authUrl.host;
  headers["x-forwarded-host"] = authUrl.host;
  headers["x-forwarded-proto"] = authUrl.protocol.slice(0, -1);
  const ip = clientAddress(request.headers);
  if (ip) headers["x-forwarded-for"] = ip;
  if (body.length > 0) headers["content-length"] = String(body.length);

  const path = url.pathname + url.search;
  const req = Object.assign(Readable.from(body.length > 0 ? [Buffer.from(body)] : []), {
    method: request.method,
    url: path.slice(mountPath.length) || "/",
    originalUrl: path,
    headers,
    httpVersion: "1.1",
    httpVersionMajor: 1,
    httpVersionMinor: 1,
    socket: { remoteAddress: ip ?? "127.0.0.1", encrypted: authUrl.protocol === "https:" },
  });
  const res = new CollectedResponse();
  const finished = new Promise<void>((resolve, reject) => {
    res.on("finish", resolve);
    res.on("error", reject);
  });
  await handler(req as never, res as never);
  await finished;
  return res.toResponse();
}
