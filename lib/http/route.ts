import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { AccessError, requireCapability, type CurrentUser } from "@/lib/auth/current-user";
import type { Capability } from "@/lib/auth/policy";

/** The one shape of every error a route handler returns: `{ error, message }`. */
export function errorResponse(status: number, error: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ error, message }, { status, headers: { "cache-control": "no-store", ...headers } });
}

/**
 * Wraps a route handler: authenticates the session, authorizes the capability through the policy,
 * and turns an unexpected failure into a logged 500 with a request id and no stack trace.
 */
export function guardedRoute(
  capability: Capability,
  handler: (request: NextRequest, user: CurrentUser) => Promise<Response>,
): (request: NextRequest) => Promise<Response> {
  return async (request) => {
    try {
      const user = await requireCapability(capability);
      return await handler(request, user);
    } catch (error) {
      if (error instanceof AccessError) {
        return errorResponse(error.status, error.status === 401 ? "unauthenticated" : "forbidden", error.message);
      }
      const requestId = randomUUID();
      console.error(`[route] ${request.method} ${request.nextUrl.pathname} failed (request ${requestId})`, error);
      return errorResponse(500, "internal_error", `Something went wrong on our side. Quote request ${requestId} if you report it.`);
    }
  };
}
