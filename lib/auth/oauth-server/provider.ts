import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import {
  APP_ACCESS_TOKEN_SECONDS,
  IDENTITY_SCOPES,
  SCOPE_NAMES,
  allowsBrowserCall,
  mayGiveAppsAccess,
} from "@/lib/auth/policy";
import { policyOptions } from "@/lib/auth/edge/policy-options";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { derivedKey } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { OAuthRecordAdapter } from "@/lib/auth/oauth-server/adapter";
import { apiScopesOf, findApp, verifyClientSecret } from "@/lib/auth/oauth-server/apps/queries";
import { noteTokenEndpointError } from "@/lib/auth/oauth-server/audit-events";
import {
  logoutSource,
  postLogoutSuccessSource,
  renderError,
  successSource,
  userCodeConfirmSource,
  userCodeInputSource,
} from "@/lib/auth/oauth-server/provider-pages";
import { signingKeys, signingKeysVersion } from "@/lib/auth/oauth-server/signing-keys";
import { findTokenSubject } from "@/lib/people/queries";
import { API_RESOURCE, MCP_RESOURCE, issuer, resourceNamed } from "@/lib/auth/oauth-server/resources";
import { allowDocumentClient, allowDocumentFetch, providerFetch } from "@/lib/auth/oauth-server/metadata-documents";
import { appReviewRules } from "@/lib/settings/queries";

// Gatehouse as an OAuth 2.0 authorization server and OpenID provider, built on oidc-provider (an
// OpenID Certified implementation). What lives here is configuration: where the provider keeps its
// records, who the accounts are, which scopes exist, and that Gatehouse's own session decides who
// is signed in. The protocol itself is the library's.

/** The interaction pages (sign-in and consent) that an authorization request is sent through. */
export const interactionPath = (uid: string): string => `/oauth/interaction/${uid}`;

// Gatehouse's session, not the provider's, says who is signed in. An authorization goes on without
// the interaction pages only when the provider's session names the very person Gatehouse's session
// (read against the database) has signed in, and that person may give apps access; otherwise it
// passes through the interaction route (app/(auth)/oauth/interaction/[uid]/route.ts), which signs
// the provider in as Gatehouse's person. A provider session left behind by a sign-out, or naming
// someone else, therefore never authorizes anything on its own, and `prompt=none` (silent sign-in)
// works exactly when Gatehouse would let the person straight through.
function interactionPolicyWithGatehouseSession() {
  const policy = interactionPolicy.base();
  policy.get("login")!.checks.add(
    new interactionPolicy.Check(
      "gatehouse_session",
      "Gatehouse confirms who is signed in on every authorization",
      "login_required",
      async (ctx: KoaContextWithOIDC) => {
        if (ctx.oidc.result?.login) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        const person = await getCurrentPerson();
        const same = person && person.id === ctx.oidc.session?.accountId && mayGiveAppsAccess(person, policyOptions);
        return same ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
      },
    ),
  );
  return policy;
}

async function configuration(): Promise<Configuration> {
  return {
    adapter: OAuthRecordAdapter,
    async findAccount(_ctx, sub) {
      const person = await findTokenSubject(sub);
      // A disabled person has no account here: their codes and refresh tokens stop working.
      if (!person || person.disabledAt) return undefined;
      return {
        accountId: person.id,
        async claims() {
          return {
            sub: person.id,
            email: person.email,
            email_verified: Boolean(person.emailVerified),
            name: person.name ?? undefined,
          };
        },
      };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The identity scopes; the API's scopes belong to its resource server (below).
    scopes: [...IDENTITY_SCOPES],
    // PKCE with S256 for every client, confidential ones too (RFC 9700 §2.1.1).
    pkce: { required: () => true },
    cookies: {
      keys: [derivedKey("oauth cookies").toString("base64url")],
      long: { signed: true, httpOnly: true, sameSite: "lax" },
      short: { signed: true, httpOnly: true, sameSite: "lax" },
    },
    jwks: { keys: await signingKeys() },
    enabledJWA: { idTokenSigningAlgValues: ["RS256"], userinfoSigningAlgValues: ["RS256"] },
    interactions: {
      url: (_ctx, interaction) => interactionPath(interaction.uid),
      policy: interactionPolicyWithGatehouseSession(),
    },
    // Every request the provider makes (client ID metadata documents) goes through the outbound fetcher.
    fetch: providerFetch,
    // The outbound fetcher caps what it reads at 5 KB; the document the provider then sees is
    // Gatehouse's rewrite of it (metadata-documents.ts), which may run a little longer.
    fetchResponseBodyLimits: { "client_id metadata document": 16 * 1024 },
    features: {
      devInteractions: { enabled: false },
      // Apps known by the https URL of their metadata (what MCP clients use), under Admin → Security's
      // rule for apps Gatehouse has never seen: lib/auth/oauth-server/metadata-documents.ts.
      clientIdMetadataDocument: {
        enabled: true,
        ack: "draft-02",
        allowFetch: allowDocumentFetch,
        allowClient: allowDocumentClient,
        cacheDuration: { min: 60, max: 3600 },
      },
      // Server-to-server: an app an admin gave a service role gets tokens for itself.
      clientCredentials: { enabled: true },
      // Devices without a keyboard (RFC 8628): the person types the device's code at /device.
      deviceFlow: { enabled: true, userCodeInputSource, userCodeConfirmSource, successSource },
      revocation: { enabled: true },
      // An app may ask about its own tokens only: another app's token is "not active" to it, so one
      // app cannot learn whose token it holds, or what another app may do, by introspecting it.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      // An app may send the person to sign out; saying yes ends Gatehouse's session as well
      // (app/api/oauth/[...path]/route.ts), as "sign out" means everywhere here.
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        // Apps name no resource: a request with API scopes is for the REST API; one with identity
        // scopes only gets a token for userinfo.
        defaultResource: (ctx, _client, oneOf) => {
          if (oneOf) return oneOf;
          const scopes = String(ctx.oidc.params?.scope ?? "").split(" ");
          return scopes.some((scope) => (SCOPE_NAMES as readonly string[]).includes(scope))
            ? API_RESOURCE()
            : undefined;
        },
        useGrantedResource: () => true,
        // Two resources, one audience per token (lib/auth/oauth-server/resources.ts): the REST API,
        // and the MCP server, which only tokens asked for with resource=<AUTH_URL>/mcp reach.
        async getResourceServerInfo(_ctx, resource, client) {
          if (!resourceNamed(resource))
            throw new errors.InvalidTarget(`Gatehouse serves ${API_RESOURCE()} and ${MCP_RESOURCE()}.`);
          const app = await findApp(client.clientId);
          // Only the scopes the app was registered for: anything else it asks for is not granted.
          return {
            scope: apiScopesOf(app?.scopes),
            audience: resource,
            accessTokenTTL: app?.accessTokenSeconds ?? APP_ACCESS_TOKEN_SECONDS,
            // Opaque, so each use is looked up (and a revocation binds at once), never trusted on its own.
            accessTokenFormat: "opaque",
          };
        },
      },
    },
    ttl: {
      // The API's access tokens live as long as their app's setting says (getResourceServerInfo above).
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? APP_ACCESS_TOKEN_SECONDS,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? APP_ACCESS_TOKEN_SECONDS,
      AuthorizationCode: 60,
      DeviceCode: 600,
      IdToken: 3600,
      Interaction: 600,
      Session: 14 * 24 * 3600,
      Grant: 365 * 24 * 3600,
      RefreshToken: 30 * 24 * 3600,
    },
    clientBasedCORS: (ctx, origin, client) =>
      allowsBrowserCall(
        { isPublic: client.clientAuthMethod === "none", redirectUris: client.redirectUris ?? [] },
        origin,
        ctx.oidc.route,
      ),
    rotateRefreshToken: true,
    // An app needs offline_access for a refresh token (the consent page says what that means).
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    renderError,
  };
}

/**
 * Set on the provider's answer when a person said yes to an app's sign-out request; carries the app's
 * name (URI-encoded). The route handler ends Gatehouse's session on seeing it, and removes it.
 */
export const SIGNED_OUT_FOR_APP_HEADER = "x-gatehouse-signed-out-for-app";

export const PROVIDER_PAGES_CSP =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

// Keys rotate while instances run (npm run oauth:rotate-keys): each instance asks at most once a
// minute whether they changed, and if so makes its provider again with the new set. Everything else
// the provider holds is in the database, so a new one carries on where the old one was.
const KEYS_CHECK_MS = 60_000;
let current: { provider: Promise<Provider>; keysVersion: string | null; checkedAt: number } | undefined;

/** The provider of this process, made again when the signing keys have changed. */
export async function oauthProvider(): Promise<Provider> {
  const now = Date.now();
  if (current && now - current.checkedAt < KEYS_CHECK_MS) return current.provider;
  const keysVersion = await signingKeysVersion();
  if (current && current.keysVersion === keysVersion) {
    current.checkedAt = now;
    return current.provider;
  }
  const made = makeProvider();
  current = { provider: made, keysVersion, checkedAt: now };
  made.catch(() => {
    if (current?.provider === made) current = undefined;
  });
  return made;
}

function makeProvider(): Promise<Provider> {
  return configuration().then((config) => {
    const instance = new Provider(issuer(), config);
    // The bridge sets X-Forwarded-Host and -Proto from AUTH_URL, never from the client, so trusting
    // them makes the provider's URLs AUTH_URL's whatever a request claims (a spoofed host changes nothing).
    instance.proxy = true;
    // Secrets are stored hashed: compare the presented one with every live secret's hash.
    instance.Client.prototype.compareClientSecret = function (this: { clientId: string }, actual: string) {
      return verifyClientSecret(this.clientId, actual);
    };
    // The provider renders a few pages itself (the device flow's, errors, sign-out): no scripts but the
    // inline ones it adds a hash for here, its own inline styles, and forms whose answer may redirect
    // to an app on another origin (so no form-action).
    instance.use(async (ctx, next) => {
      ctx.set("content-security-policy", PROVIDER_PAGES_CSP);
      await next();
    });
    // Yes to an app's sign-out request: the route handler ends Gatehouse's session too (it can set
    // cookies on the answer; this event cannot wait for that).
    instance.on("end_session.success", (ctx: KoaContextWithOIDC) => {
      if (ctx.oidc.params?.logout)
        ctx.set(SIGNED_OUT_FOR_APP_HEADER, encodeURIComponent(ctx.oidc.client?.clientName ?? ""));
    });
    // RFC 6749 §5.1: the granted scope goes with every token, also when it is not what was asked for.
    // The provider leaves it out for client credentials when none of the asked scopes was granted.
    instance.use(async (ctx, next) => {
      await next();
      if (ctx.oidc?.route !== "token" || ctx.status !== 200) return;
      const body = ctx.body as { scope?: string } | undefined;
      if (!body || typeof body !== "object" || body.scope !== undefined) return;
      const token = ctx.oidc.entities.AccessToken ?? ctx.oidc.entities.ClientCredentials;
      body.scope = token?.scope ?? "";
    });
    // A device shows people the short address, Gatehouse's own /device (app/(auth)/device), which
    // leads to the provider's page with the code kept: "/api/oauth/device" is for machines.
    instance.use(async (ctx, next) => {
      await next();
      if (ctx.oidc?.route !== "device_authorization" || ctx.status !== 200) return;
      const body = ctx.body as { verification_uri?: string; verification_uri_complete?: string; user_code?: string };
      if (!body || typeof body !== "object" || !body.user_code) return;
      const short = `${env.AUTH_URL.replace(/\/$/, "")}/device`;
      body.verification_uri = short;
      body.verification_uri_complete = `${short}?user_code=${encodeURIComponent(body.user_code)}`;
    });
    // What the metadata advertises about apps never seen is what Admin → Security allows now: while
    // they may come, the registration endpoint (lib/auth/oauth-server/registration.ts) and metadata
    // documents; while they may not, neither.
    instance.use(async (ctx, next) => {
      await next();
      if (ctx.oidc?.route !== "discovery" || ctx.status !== 200) return;
      const body = ctx.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== "object") return;
      if ((await appReviewRules()).unknownApps === "off") delete body.client_id_metadata_document_supported;
      else body.registration_endpoint = `${issuer()}/register`;
    });
    // Refresh-token reuse and failed client authentication go to the audit log.
    instance.on("grant.error", noteTokenEndpointError);
    return instance;
  });
}
