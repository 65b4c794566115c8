import "server-only";
import { addressNetwork, clientAddress } from "@/lib/http/client-address";
import { readJsonBody } from "@/lib/http/body";
import { HttpError } from "@/lib/http/errors";
import { internalErrorResponse, jsonResponse } from "@/lib/http/responses";
import { DatabaseBusy } from "@/lib/server/database-outage";
import { takeAttempt } from "@/lib/rate-limit/throttle";
import { recordAudit } from "@/lib/audit/record";
import { unknownAppMetadataSchema } from "@/lib/auth/oauth-server/apps/schemas";
import { registerDynamicApp } from "@/lib/auth/oauth-server/apps/unknown-apps";
import { applicationType, grantTypesOf } from "@/lib/auth/oauth-server/apps/queries";

// OAuth 2.0 Dynamic Client Registration (RFC 7591) for apps Gatehouse has never seen, such as MCP
// clients that predate client ID metadata documents. oidc-provider's own registration endpoint
// checks a client's `scope` against the identity scopes alone (the API's scopes belong to its
// resource servers), and registers into its own store; here the app becomes a row like any other
// (lib/auth/oauth-server/apps/unknown-apps.ts), under Admin → Security's rule, with the same
// redirect-URI and naming rules as apps people register. The provider then reads it as it reads
// every app (clientMetadataFor), validating it with its own client schema on every use.
//
// Not offered: registration management (RFC 7592). A registered app changes by registering again.

/** Registrations per network and hour: enough for a person trying a few agents, not for a flood. */
export const REGISTRATIONS_PER_NETWORK_HOUR = 10;

// Registration needs no credentials, so any web page may call it (a browser-based MCP client).
const CORS = { "access-control-allow-origin": "*" };

function registrationError(status: number, error: string, description: string, headers: HeadersInit = {}) {
  return jsonResponse(status, { error, error_description: description }, { ...CORS, ...headers });
}

/** The browser's preflight for a cross-origin registration. */
export function registrationPreflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS,
      "access-control-allow-methods": "POST",
      "access-control-allow-headers": "content-type",
      "access-control-max-age": "600",
    },
  });
}

export async function registerClient(request: Request): Promise<Response> {
  try {
    return await register(request);
  } catch (error) {
    if (error instanceof HttpError)
      return registrationError(
        error.code === "payload_too_large" ? 413 : 400,
        "invalid_client_metadata",
        error.message,
      );
    if (error instanceof DatabaseBusy)
      return registrationError(503, "temporarily_unavailable", "Too busy to register now; try again shortly.", {
        "retry-after": "5",
      });
    return internalErrorResponse("oauth", request, error);
  }
}

async function register(request: Request): Promise<Response> {
  // A malformed request stores nothing and costs the network nothing: it is answered first.
  const parsed = unknownAppMetadataSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0];
    const redirect = field === "redirect_uris";
    return registrationError(
      400,
      redirect ? "invalid_redirect_uri" : "invalid_client_metadata",
      typeof field === "string" && !issue.message.includes(field) ? `${field}: ${issue.message}` : issue.message,
    );
  }
  const address = clientAddress(request.headers);
  const attempt = await takeAttempt([
    {
      key: `registration:${addressNetwork(address) ?? "unknown"}`,
      limit: REGISTRATIONS_PER_NETWORK_HOUR,
      windowMs: 3600_000,
    },
  ]);
  if (!attempt.allowed) {
    if (attempt.firstRefusalInWindow)
      await recordAudit({
        action: "app.registrations_throttled",
        after: { network: addressNetwork(address) ?? "unknown" },
      });
    return registrationError(
      429,
      "too_many_requests",
      `Too many apps registered from your network; try again in ${Math.ceil(attempt.retryAfterSeconds / 60)} min.`,
      { "retry-after": String(attempt.retryAfterSeconds) },
    );
  }
  const metadata = parsed.data;
  const registered = await registerDynamicApp(metadata, addressNetwork(address));
  if (!registered.ok) {
    return registered.reason === "off"
      ? registrationError(
          403,
          "access_denied",
          "This organisation does not let apps register themselves. Ask an admin to register the app under Settings → Apps.",
        )
      : registrationError(
          503,
          "temporarily_unavailable",
          "Too many apps are waiting for an admin's approval; try again once they have been reviewed.",
          { "retry-after": "3600" },
        );
  }
  // RFC 7591 §3.2.1: the client id and the metadata as Gatehouse holds it, which is what it enforces.
  return jsonResponse(
    201,
    {
      client_id: registered.appId,
      client_id_issued_at: Math.floor(Date.now() / 1000),
      client_name: metadata.client_name,
      redirect_uris: metadata.redirect_uris,
      grant_types: grantTypesOf({ source: "dynamic" }),
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      scope: [...metadata.scope.identity, ...metadata.scope.api].join(" "),
      ...(metadata.client_uri ? { client_uri: metadata.client_uri } : {}),
      ...(metadata.logo_uri ? { logo_uri: metadata.logo_uri } : {}),
      ...(metadata.policy_uri ? { policy_uri: metadata.policy_uri } : {}),
      ...(metadata.tos_uri ? { tos_uri: metadata.tos_uri } : {}),
      ...applicationType(metadata.redirect_uris),
    },
    CORS,
  );
}
