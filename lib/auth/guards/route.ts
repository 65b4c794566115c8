import "server-only";
import type { NextRequest } from "next/server";
import { READ_ONLY_WHILE_VIEWING_AS, type Capability } from "@/lib/auth/policy";
import { recordViewedRequest } from "@/lib/impersonation/commands";
import { AccessError, requireCapability, type CurrentPerson } from "@/lib/auth/session/current-person";
import { HttpError } from "@/lib/http/errors";
import { errorResponse, httpErrorResponse, internalErrorResponse } from "@/lib/http/responses";

/**
 * The way to write a route handler that a signed-in browser calls (the audit export): resolves the
 * person from the session against the database, authorizes the capability through the policy, turns
 * an HttpError into its 4xx and anything else into a logged 500 with a request id.
 */
export function guardRoute(
  capability: Capability,
  handler: (request: NextRequest, person: CurrentPerson) => Promise<Response>,
): (request: NextRequest) => Promise<Response> {
  return async (request) => {
    try {
      const person = await requireCapability(capability);
      // "View as" is read-only, and a route a browser's cookie reaches is no exception.
      if (person.viewer) {
        await recordViewedRequest(person.viewer, person, person.viewer.viewing, {
          path: new URL(request.url).pathname,
          refused: true,
        });
        return errorResponse("forbidden", READ_ONLY_WHILE_VIEWING_AS);
      }
      return await handler(request, person);
    } catch (error) {
      if (error instanceof AccessError)
        return errorResponse(error.status === 401 ? "unauthenticated" : "forbidden", error.message);
      if (error instanceof HttpError) return httpErrorResponse(error);
      return internalErrorResponse("route", request, error);
    }
  };
}
