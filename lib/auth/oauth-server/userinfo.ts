import type Provider from "oidc-provider";
import { allowsBrowserCall, appInService } from "@/lib/auth/policy";
import { findApp } from "@/lib/auth/oauth-server/apps/queries";
import { verifyDpopProof } from "@/lib/auth/oauth-server/dpop";
import { API_RESOURCE } from "@/lib/auth/oauth-server/resources";
import { findTokenSubject } from "@/lib/people/queries";

// One audience model (docs/security.md): an authorization that asked for `openid` and API scopes, and
// named no resource, yields one access token, for the REST API. OpenID Connect clients then call
// userinfo with it (OpenID Connect Core §5.3), which the library refuses for a token with an audience.
// Gatehouse answers those calls itself, from the same records the library would read: the token, its
// grant (which must hold `openid`), the app and the person as they are now. Any other token goes to
// the library's own userinfo, unchanged.

type Claims = Record<string, string | boolean>;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });

const refused = (status: 401 | 403, error: string, description: string) =>
  json(
    status,
    { error, error_description: description },
    { "www-authenticate": `Bearer error="${error}", error_description="${description}"` },
  );

/** The token a userinfo call carries in its Authorization header, with its scheme. */
function presented(request: Request): { token: string; scheme: "bearer" | "dpop" } | null {
  const match = request.headers.get("authorization")?.match(/^(bearer|dpop)\s+(\S+)$/i);
  return match ? { scheme: match[1].toLowerCase() as "bearer" | "dpop", token: match[2] } : null;
}

/** The answer to a userinfo call made with an API token, or null when the library should answer. */
export async function userinfoForApiToken(provider: Provider, request: Request): Promise<Response | null> {
  const sent = presented(request);
  if (!sent) return null;
  const token = await provider.AccessToken.find(sent.token);
  if (!token || token.isExpired || token.aud !== API_RESOURCE() || !token.grantId || !token.accountId) return null;
  if (token.jkt) {
    if (sent.scheme !== "dpop") return refused(401, "invalid_token", "This token is DPoP-bound: send it as DPoP");
    const problem = await verifyDpopProof(request, sent.token, token.jkt);
    if (problem) return refused(401, problem.error, problem.description);
  } else if (sent.scheme !== "bearer") {
    return refused(401, "invalid_token", "This token is not DPoP-bound: send it as Bearer");
  }
  const [grant, person, app] = await Promise.all([
    provider.Grant.find(token.grantId),
    findTokenSubject(token.accountId),
    findApp(token.clientId ?? ""),
  ]);
  if (!grant || grant.accountId !== token.accountId || grant.clientId !== token.clientId || !app || !appInService(app))
    return refused(401, "invalid_token", "The access token is no longer valid");
  if (!person || person.disabledAt) return refused(401, "invalid_token", "The access token is no longer valid");
  const scopes = new Set((grant.getOIDCScope() ?? "").split(" "));
  if (!scopes.has("openid")) return refused(403, "insufficient_scope", "The access token does not carry openid");
  const claims: Claims = { sub: person.id };
  if (scopes.has("email"))
    Object.assign(claims, { email: person.email, email_verified: Boolean(person.emailVerified) });
  if (scopes.has("profile") && person.name) claims.name = person.name;
  // A browser app may read the answer from its own origin, as the library's userinfo allows.
  const origin = request.headers.get("origin");
  const browser = { isPublic: app.kind === "public", redirectUris: app.redirectUris.split(" ") };
  const headers: Record<string, string> = { vary: "Origin" };
  if (origin && allowsBrowserCall(browser, origin, "userinfo")) headers["access-control-allow-origin"] = origin;
  return json(200, claims, headers);
}
