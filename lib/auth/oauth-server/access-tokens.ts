import { capabilitiesOf, mustEnrolSecondFactor, type Capability } from "@/lib/auth/policy";
import { withCapabilities } from "@/lib/roles/queries";
import { db } from "@/lib/db";
import { findApp, isAppActive } from "@/lib/auth/oauth-server/apps/queries";
import { oauthProvider } from "@/lib/auth/oauth-server/provider";
import { API_RESOURCE } from "@/lib/auth/oauth-server/resources";
import { findTokenSubject } from "@/lib/people/queries";
import { secondFactorChoices } from "@/lib/settings/queries";

// An app's access token at the REST API: the provider's opaque token, looked up on every request,
// with its grant, its app and its person as they are now. What it may do is then decided by the
// policy like any token's (granted scopes ∩ the person's current role).

const OPAQUE_TOKEN = /^[A-Za-z0-9_-]{20,128}$/;

/**
 * Who a token acts for, as the database holds them now: the person (their role, and a custom role's
 * capabilities), or for a service token the app's service role. Personal tokens' owners too.
 */
export type TokenOwner = {
  id: string;
  email: string;
  role: string;
  capabilities?: readonly Capability[];
  emailVerified: boolean;
  secondFactorMissing: boolean;
  /** An app acting for itself (a service token): its owner's articles are not its own to change. */
  actsAsApp?: boolean;
};

export type AppToken = {
  /** "app": on a person's consent (its grant); "service": the app's own (client credentials). */
  kind: "app" | "service";
  /** The grant's id, or for a service token the app's: what rate limits and "last used" count. */
  grantId: string;
  appId: string;
  scopes: string[];
  owner: TokenOwner;
  /** The thumbprint of the key a DPoP-bound token is bound to (its cnf.jkt): a proof must come with it. */
  boundTo?: string;
};

export type AppTokenLookup =
  { ok: true; token: AppToken } | { ok: false; reason: "unknown" | "disabled-app" | "disabled-owner" };

/**
 * The app's token for `audience` (lib/auth/oauth-server/resources.ts): the REST API's by default. A
 * token for another audience is unknown here, as if it did not exist.
 */
export async function authenticateAppToken(raw: string, audience: string = API_RESOURCE()): Promise<AppTokenLookup> {
  if (!OPAQUE_TOKEN.test(raw)) return { ok: false, reason: "unknown" };
  const provider = await oauthProvider();
  const token = await provider.AccessToken.find(raw);
  if (!token) return authenticateServiceToken(raw, audience);
  // Expired, revoked (its grant revoked with it) or issued for another audience (userinfo only, or
  // the other resource).
  if (token.isExpired || token.aud !== audience || !token.grantId || !token.accountId || !token.clientId)
    return { ok: false, reason: "unknown" };
  const { grantId, clientId, accountId } = token;
  const [grant, appActive, person, requiredRoles] = await Promise.all([
    provider.Grant.find(grantId),
    isAppActive(clientId),
    findTokenSubject(accountId),
    secondFactorChoices(),
  ]);
  if (!grant) return { ok: false, reason: "unknown" };
  // The person's own state first: when they own the app too, "your account is disabled" is the news.
  if (!person || person.disabledAt || !capabilitiesOf(person)) return { ok: false, reason: "disabled-owner" };
  if (!appActive) return { ok: false, reason: "disabled-app" };
  return {
    ok: true,
    token: {
      kind: "app",
      grantId,
      appId: clientId,
      boundTo: token.jkt,
      scopes: String(token.scope ?? "")
        .split(" ")
        .filter(Boolean),
      owner: {
        id: person.id,
        email: person.email,
        role: person.role,
        capabilities: person.capabilities,
        emailVerified: Boolean(person.emailVerified),
        secondFactorMissing: mustEnrolSecondFactor(person, requiredRoles),
      },
    },
  };
}

/**
 * An app's own token (client credentials): it acts with the service role an admin gave the app,
 * and what it creates is its owner's. Taking the role away, disabling the app or its owner ends it.
 */
async function authenticateServiceToken(raw: string, audience: string): Promise<AppTokenLookup> {
  const provider = await oauthProvider();
  const token = await provider.ClientCredentials.find(raw);
  if (!token || token.isExpired || token.aud !== audience || !token.clientId) return { ok: false, reason: "unknown" };
  const app = await findApp(token.clientId);
  if (!app) return { ok: false, reason: "unknown" };
  // An app without an owner registered itself, and never has a service role (lib/auth/policy.ts).
  if (app.disabledAt || app.review !== "approved" || !app.serviceRole || !app.owner)
    return { ok: false, reason: "disabled-app" };
  // The service role as it is now: a custom role's capabilities as stored, none for a deleted one.
  const role = await withCapabilities({ role: app.serviceRole });
  if (!capabilitiesOf(role)) return { ok: false, reason: "disabled-app" };
  if (app.owner.disabledAt) return { ok: false, reason: "disabled-owner" };
  return {
    ok: true,
    token: {
      kind: "service",
      grantId: token.clientId,
      appId: token.clientId,
      boundTo: token.jkt,
      scopes: String(token.scope ?? "")
        .split(" ")
        .filter(Boolean),
      owner: {
        id: app.owner.id,
        email: app.owner.email,
        role: role.role,
        capabilities: role.capabilities,
        actsAsApp: true,
        emailVerified: true,
        secondFactorMissing: false,
      },
    },
  };
}

// As with personal tokens, "last used" is precise to a minute rather than a write per request.
const LAST_USED_PRECISION_MS = 60_000;

export async function noteGrantUse(grantId: string): Promise<void> {
  const now = new Date();
  await db.oAuthRecord.updateMany({
    where: {
      kind: "Grant",
      id: grantId,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_PRECISION_MS) } }],
    },
    data: { lastUsedAt: now },
  });
}
