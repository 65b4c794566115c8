import { NextRequest } from "next/server";
import * as collection from "@/app/api/v1/articles/route";
import * as item from "@/app/api/v1/articles/[id]/route";

type Options = { token?: string; json?: unknown; rawBody?: string; headers?: Record<string, string> };

/** Calls the real /api/v1 route handlers in-process, as Next would, with a real NextRequest. */
export async function api(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, options: Options = {}) {
  const url = new URL(path, "http://localhost:3000");
  const headers: Record<string, string> = { "x-forwarded-for": "198.51.100.7", ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] ??= "application/json";
  } else if (options.rawBody !== undefined) {
    body = options.rawBody;
  }
  const request = new NextRequest(url, { method, headers, body });
  const match = url.pathname.match(/^\/api\/v1\/articles(?:\/([^/]+))?$/);
  if (!match) throw new Error(`No route for ${url.pathname}`);
  const routeModule = (match[1] ? item : collection) as Record<
    string,
    (r: NextRequest, c: { params: Promise<Record<string, string>> }) => Promise<Response>
  >;
  const handler = routeModule[method];
  if (!handler) throw new Error(`${method} ${url.pathname} is not exported`);
  const params: Record<string, string> = match[1] ? { id: decodeURIComponent(match[1]) } : {};
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}
