import { ERROR_CODES, type ErrorCode } from "@/lib/http/error-codes";
import { HttpError } from "@/lib/http/errors";

// The one place that builds JSON answers for route handlers, the REST API and middleware. Answers
// are never cached (they depend on who asks), a client's mistake is `{ error, message }` with its
// status, and a bug is a logged 500 with a request id and no stack trace.

const NO_STORE = { "cache-control": "no-store" };

/** Later header sets win over earlier ones, name by name (case-insensitively, as HTTP reads them). */
function mergeHeaders(...sets: HeadersInit[]): Headers {
  const merged = new Headers();
  for (const set of sets) new Headers(set).forEach((value, name) => merged.set(name, value));
  return merged;
}

export function jsonResponse(status: number, body: unknown, headers: HeadersInit = {}): Response {
  return Response.json(body, { status, headers: mergeHeaders(NO_STORE, headers) });
}

/** The one shape of every error a route handler returns: `{ error, message }`. */
export function errorResponse(
  error: ErrorCode,
  message: string,
  headers: HeadersInit = {},
  details?: Record<string, unknown>,
): Response {
  return jsonResponse(ERROR_CODES[error], { error, message, ...details }, headers);
}

export function httpErrorResponse(error: HttpError, headers: HeadersInit = {}): Response {
  return errorResponse(error.code, error.message, mergeHeaders(headers, error.headers), error.details);
}

/**
 * A bug: the whole error goes to the server log under the request's id (the one its access-log line
 * and X-Request-Id carry, lib/server/request-log.ts), and the client gets only the id to quote.
 * `label` says which part of the app failed ("api", "route").
 */
export function internalErrorResponse(
  label: string,
  request: Request,
  error: unknown,
  headers: HeadersInit = {},
): Response {
  const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();
  console.error(`[${label}] ${request.method} ${new URL(request.url).pathname} failed (request ${requestId})`, error);
  return errorResponse(
    "internal_error",
    `Something went wrong on our side. Quote request ${requestId} if you report it.`,
    headers,
  );
}
