import { registerApp, updateAppSettings } from "@/lib/auth/oauth-server/apps/commands";
import { findApp } from "@/lib/auth/oauth-server/apps/queries";
import { oauthProvider } from "@/lib/auth/oauth-server/provider";
import { API_RESOURCE } from "@/lib/auth/oauth-server/resources";

// Real records of the OAuth server, made through its own models (as its token endpoint would), so a
// test can ask the same lookups the API makes whether they still work.

type Person = { id: string; email: string };

export async function appOf(owner: Person, extra: { scopes?: string[]; name?: string } = {}) {
  const app = await registerApp(owner, {
    name: extra.name ?? "Test app",
    homepageUrl: "",
    privacyUrl: "",
    termsUrl: "",
    logoUrl: "",
    redirectUris: ["https://app.example/callback"],
    kind: "confidential",
    scopes: (extra.scopes ?? ["articles:read", "articles:write"]) as never,
    dpopBoundAccessTokens: false,
  });
  if (!app.ok) throw new Error("app not registered");
  return { appId: app.appId, secret: app.secret! };
}

/** A person's consent to an app, with an access token, a refresh token, a code and an approved device code under it. */
export async function grantOf(
  person: Person,
  appId: string,
  scope = "articles:read",
  { boundTo, resource = API_RESOURCE() }: { boundTo?: string; resource?: string } = {},
) {
  const provider = await oauthProvider();
  const client = (await provider.Client.find(appId))!;
  const grant = new provider.Grant({ accountId: person.id, clientId: appId });
  grant.addOIDCScope("openid offline_access");
  grant.addResourceScope(resource, scope);
  const grantId = await grant.save();
  const base = { accountId: person.id, grantId, client, scope, gty: "authorization_code" };
  const resourceServer = new provider.ResourceServer(resource, {
    scope,
    audience: resource,
    accessTokenFormat: "opaque",
  });
  const accessToken = new provider.AccessToken({ ...base, resourceServer });
  // As the token endpoint does for a request with a DPoP proof: the token is bound to that key.
  if (boundTo) accessToken.setThumbprint("jkt", boundTo);
  const refreshToken = new provider.RefreshToken({ ...base, iiat: Math.floor(Date.now() / 1000) });
  const code = new provider.AuthorizationCode({
    ...base,
    redirectUri: "https://app.example/callback",
    codeChallenge: "x".repeat(43),
    codeChallengeMethod: "S256",
  });
  const deviceCode = new provider.DeviceCode({
    ...base,
    userCode: `U${Math.random().toString(36).slice(2, 9)}`,
    params: {},
    deviceInfo: {},
  });
  return {
    grantId,
    accessToken: await accessToken.save(),
    refreshToken: await refreshToken.save(),
    code: await code.save(),
    deviceCode: await deviceCode.save(),
  };
}

/** An app's own token (client credentials), after an admin gave the app a service role. */
export async function serviceTokenOf(admin: Person, appId: string, role: string = "writer") {
  await updateAppSettings(admin, appId, { firstParty: false, serviceRole: role, accessTokenSeconds: null });
  const provider = await oauthProvider();
  const client = (await provider.Client.find(appId))!;
  const app = (await findApp(appId))!;
  const token = new provider.ClientCredentials({ client, scope: app.scopes });
  token.resourceServer = new provider.ResourceServer(API_RESOURCE(), {
    scope: app.scopes,
    audience: API_RESOURCE(),
    accessTokenFormat: "opaque",
  });
  return token.save();
}
