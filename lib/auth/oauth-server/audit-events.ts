import type { KoaContextWithOIDC } from "oidc-provider";
import { recordAudit } from "@/lib/audit/record";
import { rateLimitStore } from "@/lib/rate-limit/limiter";
import { findTokenSubject } from "@/lib/people/queries";

// What the token endpoint refuses that an admin should hear about. A client that keeps failing must
// not be able to flood the log: at most FAILURE_ENTRIES_PER_HOUR entries per app and hour.
const FAILURE_ENTRIES_PER_HOUR = 10;

// The provider's errors carry a generic description and the specific reason in error_detail.
type TokenError = Error & { error?: string; error_description?: string; error_detail?: string };

async function record(ctx: KoaContextWithOIDC, error: TokenError): Promise<void> {
  if (error.error === "invalid_grant" && error.error_detail === "refresh token already used") {
    const token = ctx.oidc.entities.RefreshToken;
    const person = token?.accountId ? await findTokenSubject(token.accountId) : null;
    await recordAudit({
      action: "app.refresh_token_reused",
      target: person,
      after: { app: ctx.oidc.client?.clientName ?? token?.clientId, client: token?.clientId },
    });
    return;
  }
  if (error.error === "invalid_client") {
    // The allowance is per registered app; every client id that names no app shares one, or a caller
    // inventing a new id per request would get a fresh allowance (and a permanent row) each time.
    const app = ctx.oidc.client?.clientId;
    const { count } = await rateLimitStore().hit(`audit:client-auth:${app ?? "unregistered"}`, 3600_000);
    if (count > FAILURE_ENTRIES_PER_HOUR) return;
    const presented = String(ctx.oidc.params?.client_id ?? "").slice(0, 64);
    await recordAudit({
      action: "app.client_authentication_failed",
      after: {
        client: app ?? "unregistered",
        ...(app ? {} : { presented }),
        reason: error.error_detail ?? error.error_description ?? "invalid_client",
      },
    });
  }
}

export function noteTokenEndpointError(ctx: KoaContextWithOIDC, error: TokenError): void {
  record(ctx, error).catch((failure) => console.error("[oauth] could not record a token endpoint error", failure));
}
