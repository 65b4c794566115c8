import { request as apiRequest, expect, test, type Locator, type Page } from "@playwright/test";
import { createHash } from "node:crypto";
import * as client from "openid-client";
import { countOf, e2eDatabaseUrl, runSql, storedDate } from "./support/database";
import { E2E_ORIGIN, NO_COOKIES, SESSION_COOKIE, TEST_PEOPLE, ownNetwork } from "./support/fixtures";
import { requestWithSessionCookie } from "./support/tokens";
import {
  APP_CALLBACK,
  ISSUER,
  allowAll,
  apiAs,
  signedInWriter,
  authorizeInBrowser,
  discover,
  registerAppInUi,
  tokensThroughBrowser,
} from "./support/oauth-apps";
import { signInThroughForm, signOutThroughHeader } from "./support/sign-in";

// Gatehouse as an OAuth 2.0 / OpenID Connect authorization server, driven by an independent client
// (openid-client) and a real browser: registration, consent, the code flow with PKCE, the API with
// the access token (granted scopes ∩ the person's current role), refresh rotation, revocation.

test.use({ storageState: NO_COOKIES });

test("an app gets consent, calls the API within granted scopes ∩ role, refreshes, and is cut off when revoked", async ({
  page,
}) => {
  const person = await signedInWriter(page);
  const { clientId, secret } = await registerAppInUi(page, {
    name: "Article sync",
    scopes: ["articles:read", "articles:write"],
  });
  expect(secret).toMatch(/^gas_[\w-]{43}$/);
  // The secret is shown once.
  await page.reload();
  expect(await page.content()).not.toContain(secret!);

  const config = await discover(clientId, secret);
  expect(config.serverMetadata().issuer).toBe(ISSUER);
  const { callback, verifier, state } = await authorizeInBrowser(page, config, {
    scope: "openid email offline_access articles:read articles:write",
    // OpenID Connect grants offline_access only with prompt=consent.
    prompt: "consent",
    consent: async (consentPage) => {
      await expect(consentPage.getByTestId("consent-app")).toHaveText("Article sync");
      await expect(consentPage.getByTestId("consent-account")).toHaveText(person.email);
      // An app for the REST API is not presented as an agent.
      await expect(consentPage.getByTestId("consent-agent")).toHaveCount(0);
      await expect(consentPage.getByText("Create and edit articles as you")).toBeVisible();
      await allowAll(consentPage);
    },
  });
  // RFC 9207: the answer names its issuer.
  expect(callback.searchParams.get("iss")).toBe(ISSUER);
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  expect(tokens.claims()?.email).toBe(person.email);
  expect(tokens.claims()?.sub).toBe(person.id);
  expect(tokens.refresh_token).toBeTruthy();
  expect(tokens.expires_in).toBeLessThanOrEqual(600);

  const asApp = await apiAs(tokens.access_token);
  expect((await asApp.get("/api/v1/articles")).status()).toBe(200);
  const created = await asApp.post("/api/v1/articles", { data: { title: "Posted by an app", body: "Hello" } });
  expect(created.status()).toBe(201);

  // The person is demoted: the same token loses the power to write on its next use.
  await runSql(e2eDatabaseUrl(), `UPDATE "User" SET "role" = 'user' WHERE "id" = ?`, [person.id]);
  const refused = await asApp.post("/api/v1/articles", { data: { title: "Again", body: "Hello" } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { message: string }).message).toContain("role (user) no longer allows");
  expect((await asApp.get("/api/v1/articles")).status()).toBe(200);

  // Refresh tokens rotate: the new one works.
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  const asRefreshed = await apiAs(refreshed.access_token);
  expect((await asRefreshed.get("/api/v1/articles")).status()).toBe(200);

  // Its owner sees how many people gave it access, and when it was last used.
  await page.goto("/settings/apps");
  await expect(page.locator(`[data-app-id="${clientId}"]`).getByTestId("app-usage")).toHaveText(
    /^1 person connected · last used /,
  );

  // Connected apps lists it; revoking ends every token of the grant at once.
  await page.goto("/settings/connected-apps");
  const row = page.getByTestId("connected-apps").locator("li", { hasText: "Article sync" });
  await expect(row).toContainText("articles:read");
  await expect(row).toContainText("last used");
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke access" }).click();
  await expect(page.getByText("No app has access to your account.")).toBeVisible();
  const afterRevoke = await asRefreshed.get("/api/v1/articles");
  expect(afterRevoke.status()).toBe(401);
  expect(afterRevoke.headers()["www-authenticate"]).toContain('error="invalid_token"');
  await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({
    error: "invalid_grant",
  });
  await Promise.all([asApp.dispose(), asRefreshed.dispose()]);
});

test("a refresh token used again after the retry window is theft: the whole grant is revoked", async ({ page }) => {
  const person = await signedInWriter(page);
  const { clientId, secret } = await registerAppInUi(page, { name: "Leaky app", scopes: ["articles:read"] });
  const config = await discover(clientId, secret);
  const tokens = await tokensThroughBrowser(page, config, {
    scope: "openid offline_access articles:read",
    prompt: "consent",
    consent: allowAll,
  });
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
  const asRefreshed = await apiAs(refreshed.access_token);
  expect((await asRefreshed.get("/api/v1/articles")).status()).toBe(200);
  // Seconds later, the same refresh again is an app retrying an answer it lost: served, grant kept.
  const retried = await client.refreshTokenGrant(config, tokens.refresh_token!);
  expect(retried.refresh_token).not.toBe(refreshed.refresh_token);
  expect((await asRefreshed.get("/api/v1/articles")).status()).toBe(200);
  // Past the retry window (its first use moved back a minute), a replay is theft.
  await runSql(
    e2eDatabaseUrl(),
    `UPDATE "OAuthRecord" SET "consumedAt" = ? WHERE "kind" = 'RefreshToken' AND "id" = ?`,
    [
      storedDate(new Date(Date.now() - 60_000), e2eDatabaseUrl()),
      createHash("sha256").update(tokens.refresh_token!).digest("base64url"),
    ],
  );
  // Someone replays the old refresh token: refused, and everything the grant issued stops working.
  await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
    error: "invalid_grant",
  });
  expect((await asRefreshed.get("/api/v1/articles")).status()).toBe(401);
  await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({
    error: "invalid_grant",
  });
  await page.goto("/settings/connected-apps");
  await expect(page.getByText("No app has access to your account.")).toBeVisible();
  await expect
    .poll(() =>
      countOf(e2eDatabaseUrl(), `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = ? AND "targetId" = ?`, [
        "app.refresh_token_reused",
        person.id,
      ]),
    )
    .toBe(1);
  await asRefreshed.dispose();
});

test("disabling the person ends every app's access: refresh and API refused", async ({ page, browser }) => {
  // The app is someone else's, so what is refused is this person's grant, not the app.
  const owner = await browser.newPage({ storageState: NO_COOKIES });
  await signedInWriter(owner);
  const { clientId, secret } = await registerAppInUi(owner, { name: "Long-lived app", scopes: ["articles:read"] });
  await owner.close();
  const person = await signedInWriter(page);
  const config = await discover(clientId, secret);
  const tokens = await tokensThroughBrowser(page, config, {
    scope: "openid offline_access articles:read",
    prompt: "consent",
    consent: allowAll,
  });
  const asApp = await apiAs(tokens.access_token);
  expect((await asApp.get("/api/v1/articles")).status()).toBe(200);
  await runSql(e2eDatabaseUrl(), `UPDATE "User" SET "disabledAt" = ? WHERE "id" = ?`, [
    storedDate(new Date(), e2eDatabaseUrl()),
    person.id,
  ]);
  const refused = await asApp.get("/api/v1/articles");
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { message: string }).message).toContain("owner's account is disabled");
  await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
    error: "invalid_grant",
  });
  await asApp.dispose();
});

const LOGO = "https://moving.example/logo.png";
// A 1×1 PNG, served by the test in place of the owner's site.
const LOGO_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** The logo is on the page and the browser loaded it (the page's policy let it in). */
async function expectLogoShown(scope: Locator) {
  const logo = scope.getByTestId("app-logo").first();
  await expect(logo).toHaveAttribute("src", LOGO);
  await expect.poll(() => logo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(1);
}

test("the owner changes an app: a new redirect URI works at once, the old one no more; links and logo show on consent", async ({
  page,
}) => {
  await page.route(LOGO, (route) => route.fulfill({ status: 200, contentType: "image/png", body: LOGO_PNG }));
  await signedInWriter(page);
  const oldCallback = "http://127.0.0.1:3999/old-callback";
  const { clientId, secret } = await registerAppInUi(page, { name: "Moving app", redirectUris: [oldCallback] });
  await page.goto("/settings/apps");
  const card = page.locator(`[data-app-id="${clientId}"]`);
  await card.getByRole("button", { name: "Edit" }).click();
  await card.getByLabel("Redirect URIs").fill(APP_CALLBACK);
  await card.getByLabel("Privacy policy (optional)").fill("https://moving.example/privacy");
  // A logo over http is refused with a message, the rest of the form kept.
  await card.getByLabel("Logo (optional)").fill("http://moving.example/logo.png");
  await card.getByRole("button", { name: "Save changes" }).click();
  await expect(card.getByText("Give a complete https address of an image")).toBeVisible();
  await expect(card.getByLabel("Privacy policy (optional)")).toHaveValue("https://moving.example/privacy");
  await card.getByLabel("Logo (optional)").fill(LOGO);
  await card.getByRole("button", { name: "Save changes" }).click();
  await expect(card.getByText("Saved “Moving app”")).toBeVisible();
  await expect(card).toContainText(APP_CALLBACK);
  await expectLogoShown(card);

  const config = await discover(clientId, secret);
  const anonymous = await apiRequest.newContext({ storageState: NO_COOKIES });
  const stale = new URL(`${ISSUER}/auth`);
  for (const [name, value] of Object.entries({
    client_id: clientId,
    response_type: "code",
    scope: "openid",
    redirect_uri: oldCallback,
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
  }))
    stale.searchParams.set(name, value);
  expect((await anonymous.get(stale.href, { maxRedirects: 0 })).status()).toBe(400);
  await anonymous.dispose();

  const { callback } = await authorizeInBrowser(page, config, {
    scope: "openid articles:read",
    consent: async (consentPage) => {
      await expect(consentPage.getByRole("link", { name: "Privacy policy" })).toHaveAttribute(
        "href",
        "https://moving.example/privacy",
      );
      await expectLogoShown(consentPage.locator("main"));
      await allowAll(consentPage);
    },
  });
  expect(callback.searchParams.get("code")).toBeTruthy();
  await page.goto("/settings/connected-apps");
  await expectLogoShown(page.getByTestId("connected-apps"));
});

test("apps introspect and revoke their tokens; an identity-only token reads userinfo", async ({ page }) => {
  const person = await signedInWriter(page);
  const { clientId, secret } = await registerAppInUi(page, { name: "Careful app", scopes: ["articles:read"] });
  const config = await discover(clientId, secret);

  // Only who the person is: the access token is for userinfo.
  const identity = await authorizeInBrowser(page, config, { scope: "openid email profile", consent: allowAll });
  const idTokens = await client.authorizationCodeGrant(config, identity.callback, {
    pkceCodeVerifier: identity.verifier,
    expectedState: identity.state,
  });
  const info = await client.fetchUserInfo(config, idTokens.access_token, person.id);
  expect(info).toMatchObject({ sub: person.id, email: person.email, email_verified: true });

  const api = await authorizeInBrowser(page, config, {
    scope: "openid articles:read",
    prompt: "consent",
    consent: allowAll,
  });
  const tokens = await client.authorizationCodeGrant(config, api.callback, {
    pkceCodeVerifier: api.verifier,
    expectedState: api.state,
  });
  const active = await client.tokenIntrospection(config, tokens.access_token);
  expect(active).toMatchObject({ active: true, client_id: clientId, sub: person.id, scope: "articles:read" });
  await client.tokenRevocation(config, tokens.access_token);
  expect(await client.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: false });
  const asApp = await apiAs(tokens.access_token);
  expect((await asApp.get("/api/v1/articles")).status()).toBe(401);
  await asApp.dispose();
});

test("a public app uses PKCE without a secret; unticked scopes are not granted; Deny returns access_denied", async ({
  page,
}) => {
  await signedInWriter(page);
  const { clientId, secret } = await registerAppInUi(page, {
    name: "Pocket reader",
    kind: "public",
    scopes: ["articles:read", "articles:write"],
  });
  expect(secret).toBeNull();
  const config = await discover(clientId, null);

  const { callback, verifier, state } = await authorizeInBrowser(page, config, {
    scope: "openid articles:read articles:write",
    consent: async (consentPage) => {
      await consentPage.getByLabel(/Create and edit articles/).uncheck();
      await allowAll(consentPage);
    },
  });
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  // The access token is for the API: it carries the API scopes granted, without the refused one.
  expect(tokens.scope?.split(" ")).toEqual(["articles:read"]);
  expect(tokens.claims()?.sub).toBeTruthy();
  const asApp = await apiAs(tokens.access_token);
  expect((await asApp.get("/api/v1/articles")).status()).toBe(200);
  const write = await asApp.post("/api/v1/articles", { data: { title: "Not granted", body: "x" } });
  expect(write.status()).toBe(403);
  expect(((await write.json()) as { message: string }).message).toContain("lacks the articles:write scope");
  await asApp.dispose();

  // Asking again for what was granted goes straight back: the consent is remembered (and so is the
  // refusal). An app that wants the refused scope asks the person again with prompt=consent; Deny
  // tells it so.
  const again = await authorizeInBrowser(page, config, { scope: "openid articles:read articles:write" });
  expect(again.callback.searchParams.get("code")).toBeTruthy();
  const denied = await authorizeInBrowser(page, config, {
    scope: "openid articles:read articles:write",
    prompt: "consent",
    consent: async (consentPage) => {
      await expect(consentPage.getByTestId("consent-app")).toHaveText("Pocket reader");
      await consentPage.getByRole("button", { name: "Deny" }).click();
    },
  });
  expect(denied.callback.searchParams.get("error")).toBe("access_denied");
  expect(denied.callback.searchParams.get("code")).toBeNull();
});

test.describe("attacks on the authorization server", () => {
  let app: { clientId: string; secret: string | null };
  let config: client.Configuration;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage({ storageState: NO_COOKIES });
    await signedInWriter(page);
    app = await registerAppInUi(page, { name: "Target app", scopes: ["articles:read"] });
    config = await discover(app.clientId, app.secret);
  });
  test.afterAll(() => page.close());

  const authorizeUrl = (params: Record<string, string>) => {
    const url = new URL(`${ISSUER}/auth`);
    for (const [name, value] of Object.entries({
      client_id: app.clientId,
      response_type: "code",
      scope: "openid articles:read",
      state: "s",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
      redirect_uri: APP_CALLBACK,
      ...params,
    }))
      url.searchParams.set(name, value);
    return url.href;
  };

  test("a redirect URI that is not registered exactly is never redirected to", async () => {
    const anonymous = await apiRequest.newContext({ storageState: NO_COOKIES });
    for (const redirect of [
      `${APP_CALLBACK}/extra`,
      `${APP_CALLBACK}?next=https://evil.example`,
      "http://127.0.0.1:3998/callback",
      "http://127.0.0.1:3999/callbac",
      "https://evil.example/callback",
      "http://127.0.0.1:3999@evil.example/callback",
    ]) {
      const response = await anonymous.get(authorizeUrl({ redirect_uri: redirect }), { maxRedirects: 0 });
      expect(response.status(), redirect).toBe(400);
      expect(response.headers().location, redirect).toBeUndefined();
      expect(await response.text()).toContain("redirect_uri");
    }
    await anonymous.dispose();
  });

  test("PKCE is required (S256 only), and a wrong verifier, a reused code or a bad secret get nothing", async () => {
    const anonymous = await apiRequest.newContext({ storageState: NO_COOKIES });
    const withoutChallenge = new URL(authorizeUrl({}));
    withoutChallenge.searchParams.delete("code_challenge");
    withoutChallenge.searchParams.delete("code_challenge_method");
    for (const url of [withoutChallenge.href, authorizeUrl({ code_challenge_method: "plain" })]) {
      const response = await anonymous.get(url, { maxRedirects: 0 });
      const location = new URL(response.headers().location ?? "http://x/?error=none");
      expect(location.searchParams.get("error"), url).toBe("invalid_request");
      expect(location.searchParams.get("code")).toBeNull();
    }
    await anonymous.dispose();

    const first = await authorizeInBrowser(page, config, {
      scope: "openid articles:read",
      prompt: "consent",
      consent: allowAll,
    });
    await expect(
      client.authorizationCodeGrant(config, first.callback, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: first.state,
      }),
    ).rejects.toMatchObject({ error: "invalid_grant" });

    // The consent is remembered now: no page this time.
    const second = await authorizeInBrowser(page, config, { scope: "openid articles:read" });
    const tokens = await client.authorizationCodeGrant(config, second.callback, {
      pkceCodeVerifier: second.verifier,
      expectedState: second.state,
    });
    const asApp = await apiAs(tokens.access_token);
    expect((await asApp.get("/api/v1/articles")).status()).toBe(200);
    // Replaying the code fails, and revokes what it issued (RFC 9700 §4.5).
    await expect(
      client.authorizationCodeGrant(config, second.callback, {
        pkceCodeVerifier: second.verifier,
        expectedState: second.state,
      }),
    ).rejects.toMatchObject({ error: "invalid_grant" });
    expect((await asApp.get("/api/v1/articles")).status()).toBe(401);
    await asApp.dispose();

    // The replay revoked the grant too, so the person is asked again.
    const wrongSecret = await discover(app.clientId, "gas_" + "x".repeat(43));
    const third = await authorizeInBrowser(page, config, {
      scope: "openid articles:read",
      prompt: "consent",
      consent: allowAll,
    });
    await expect(
      client.authorizationCodeGrant(wrongSecret, third.callback, {
        pkceCodeVerifier: third.verifier,
        expectedState: third.state,
      }),
    ).rejects.toMatchObject({ status: 401 });
    const raw = await apiRequest.newContext({ storageState: NO_COOKIES });
    const refused = await raw.post(`${ISSUER}/token`, {
      form: { grant_type: "authorization_code", code: "x", redirect_uri: APP_CALLBACK, code_verifier: "x".repeat(43) },
      headers: { authorization: `Basic ${Buffer.from(`${app.clientId}:gas_wrong`).toString("base64")}` },
    });
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe("invalid_client");
    expect(refused.headers()["www-authenticate"]).toMatch(/^Basic/);
    await raw.dispose();
  });

  test("a scope the app may not ask for is not granted", async () => {
    const { callback, verifier, state } = await authorizeInBrowser(page, config, {
      scope: "openid articles:read articles:delete",
      prompt: "consent",
      consent: async (consentPage) => {
        // Asked for, but not offered: the app was not registered for it.
        await expect(consentPage.getByText("Delete articles as you")).toHaveCount(0);
        await allowAll(consentPage);
      },
    });
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.scope?.split(" ")).not.toContain("articles:delete");
  });

  test("the consent answer counts only from the browser that holds the request", async () => {
    const anonymous = await apiRequest.newContext({ storageState: NO_COOKIES });
    const started = await anonymous.get(authorizeUrl({}), { maxRedirects: 0 });
    const interaction = new URL(started.headers().location!, E2E_ORIGIN).pathname;
    expect(interaction).toMatch(/^\/oauth\/interaction\/[\w-]+$/);
    // The signed-in victim's browser never started this request: it holds no interaction cookie.
    const forged = await page.request.post(interaction, {
      form: { decision: "allow", scope: "articles:read" },
      headers: { origin: E2E_ORIGIN },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(303);
    expect(forged.headers().location).toMatch(/\/consent$/);
    const consentPage = await page.request.get(forged.headers().location!);
    expect(await consentPage.text()).toContain("This request has expired");
    // An oversized or malformed answer is a client's mistake: a 4xx with a message, never a 500.
    const huge = await page.request.post(interaction, {
      form: { decision: "allow", scope: "x".repeat(20_000) },
      headers: { origin: E2E_ORIGIN },
      maxRedirects: 0,
    });
    expect(huge.status()).toBe(413);
    const junk = await page.request.post(interaction, {
      form: { decision: "maybe" },
      headers: { origin: E2E_ORIGIN },
      maxRedirects: 0,
    });
    expect(junk.status()).toBe(400);
    expect(await junk.text()).toContain("Choose Allow or Deny");
    // Cross-site posts are refused before anything runs.
    const crossSite = await page.request.post(interaction, {
      form: { decision: "allow" },
      headers: { origin: "https://evil.example" },
      maxRedirects: 0,
    });
    expect(crossSite.status()).toBe(403);
    await anonymous.dispose();
  });

  test("a code is good only for the app it was issued to", async () => {
    const other = await registerAppInUi(page, { name: "Other app", scopes: ["articles:read"] });
    const otherConfig = await discover(other.clientId, other.secret);
    const issued = await authorizeInBrowser(page, config, {
      scope: "openid articles:read",
      prompt: "consent",
      consent: allowAll,
    });
    await expect(
      client.authorizationCodeGrant(otherConfig, issued.callback, {
        pkceCodeVerifier: issued.verifier,
        expectedState: issued.state,
      }),
    ).rejects.toMatchObject({ error: "invalid_grant" });
  });

  test("the consent page cannot be framed by another site", async () => {
    const anonymous = await apiRequest.newContext({ storageState: NO_COOKIES });
    const response = await anonymous.get(`${E2E_ORIGIN}/oauth/interaction/abc/consent`);
    expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response.headers()["x-frame-options"]).toBe("DENY");
    await anonymous.dispose();
  });

  test("the advertised endpoints are AUTH_URL's whatever X-Forwarded-Host claims", async () => {
    const spoofing = await apiRequest.newContext({
      storageState: NO_COOKIES,
      extraHTTPHeaders: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", host: "evil.example" },
    });
    const discovery = await spoofing.get(`${ISSUER}/.well-known/openid-configuration`);
    expect(discovery.status()).toBe(200);
    const text = await discovery.text();
    expect(text).not.toContain("evil.example");
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(ISSUER);
    await spoofing.dispose();
  });

  test("failed client authentication is audited, at most 10 entries an hour per app, and made-up ids share 10", async () => {
    const target = await registerAppInUi(page, { name: "Guessed app", scopes: ["articles:read"] });
    const raw = await apiRequest.newContext({ storageState: NO_COOKIES });
    const guess = (clientId: string) =>
      raw.post(`${ISSUER}/token`, {
        form: { grant_type: "client_credentials" },
        headers: { authorization: `Basic ${Buffer.from(`${clientId}:gas_guess`).toString("base64")}` },
      });
    const entriesNaming = (text: string) =>
      countOf(
        e2eDatabaseUrl(),
        `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = 'app.client_authentication_failed' AND "after" LIKE ?`,
        [`%${text}%`],
      );
    for (let attempt = 0; attempt < 12; attempt++) expect((await guess(target.clientId)).status()).toBe(401);
    await expect.poll(() => entriesNaming(target.clientId)).toBe(10);

    // Ids that name no app: a new one per request does not buy a new allowance.
    const madeUp = `made-up-${Date.now()}`;
    for (let attempt = 0; attempt < 12; attempt++) expect((await guess(`${madeUp}-${attempt}`)).status()).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await entriesNaming(target.clientId)).toBe(10);
    expect(await entriesNaming(madeUp)).toBeLessThanOrEqual(10);
    await raw.dispose();
  });

  test("browsers may call the token endpoint only from a public app's own origin (CORS)", async () => {
    const spa = await registerAppInUi(page, { name: "Browser app", kind: "public" });
    const raw = await apiRequest.newContext({ storageState: NO_COOKIES });
    const exchange = (clientId: string, origin: string, headers: Record<string, string> = {}) =>
      raw.post(`${ISSUER}/token`, {
        form: {
          grant_type: "authorization_code",
          client_id: clientId,
          code: "not-a-code",
          redirect_uri: APP_CALLBACK,
          code_verifier: "v".repeat(43),
        },
        headers: { origin, ...headers },
      });
    const appOrigin = new URL(APP_CALLBACK).origin;
    // From the app's own page: the browser may read the answer (here, that the code is no good).
    const own = await exchange(spa.clientId, appOrigin);
    expect(own.headers()["access-control-allow-origin"]).toBe(appOrigin);
    expect(((await own.json()) as { error: string }).error).toBe("invalid_grant");
    // From any other page: refused, and nothing a browser would let the page read.
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1:4000"]) {
      const foreign = await exchange(spa.clientId, origin);
      expect(foreign.status(), origin).toBe(400);
      expect(foreign.headers()["access-control-allow-origin"], origin).toBeUndefined();
    }
    // A web app's secret lives on its server: no browser origin at all, not even its own.
    const basic = `Basic ${Buffer.from(`${app.clientId}:${app.secret}`).toString("base64")}`;
    const fromBrowser = await exchange(app.clientId, appOrigin, { authorization: basic });
    expect(fromBrowser.status()).toBe(400);
    expect(fromBrowser.headers()["access-control-allow-origin"]).toBeUndefined();
    await raw.dispose();
  });

  test("the token endpoint answers no-store", async () => {
    const response = await apiRequest
      .newContext({ storageState: NO_COOKIES })
      .then((context) => context.post(`${ISSUER}/token`, { form: { grant_type: "authorization_code", code: "nope" } }));
    expect(response.headers()["cache-control"]).toContain("no-store");
    expect(response.status()).toBe(400);
  });
});

test.describe("what admins decide about apps", () => {
  let admin: Page;
  let app: { clientId: string; secret: string | null };
  let config: client.Configuration;
  let owner: Page;
  let ownerId: string;

  test.beforeAll(async ({ browser }) => {
    owner = await browser.newPage({ storageState: NO_COOKIES });
    ownerId = (await signedInWriter(owner)).id;
    app = await registerAppInUi(owner, { name: `Ops bot ${Date.now()}`, scopes: ["articles:read", "articles:write"] });
    config = await discover(app.clientId, app.secret);
    admin = await browser.newPage({ storageState: NO_COOKIES });
    await signInThroughForm(admin, TEST_PEOPLE.admin);
  });
  test.afterAll(async () => {
    await Promise.all([admin.close(), owner.close()]);
  });

  const appCard = () => admin.locator(`[data-app-id="${app.clientId}"]`);

  async function saveSettings(settings: { firstParty?: boolean; serviceRole?: string; minutes?: string }) {
    await admin.goto("/admin/apps");
    const card = appCard();
    if (settings.firstParty !== undefined) await card.getByLabel(/First-party/).setChecked(settings.firstParty);
    if (settings.serviceRole) await card.getByLabel(/Service role/).selectOption(settings.serviceRole);
    if (settings.minutes !== undefined) await card.getByLabel(/Access-token lifetime/).fill(settings.minutes);
    await card.getByRole("button", { name: "Save settings" }).click();
    await expect(card.getByText("Saved the settings")).toBeVisible();
  }

  test("disabling an app refuses its tokens at once; enabling it restores them", async () => {
    const tokens = await tokensThroughBrowser(owner, config, {
      scope: "openid articles:read",
      consent: allowAll,
    });
    const asApp = await apiAs(tokens.access_token);
    expect((await asApp.get("/api/v1/articles")).status()).toBe(200);

    await admin.goto("/admin/apps");
    await appCard().getByRole("button", { name: "Disable" }).click();
    await admin.getByRole("dialog").getByRole("button", { name: "Disable app" }).click();
    await expect(appCard().getByText("disabled", { exact: true })).toBeVisible();
    const refused = await asApp.get("/api/v1/articles");
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toContain("its app is disabled");
    // A disabled app cannot start a sign-in either.
    const anonymous = await apiRequest.newContext({ storageState: NO_COOKIES });
    const start = await anonymous.get(`${ISSUER}/auth?client_id=${app.clientId}&response_type=code&scope=openid`, {
      maxRedirects: 0,
    });
    expect(start.status()).toBe(400);
    // A person is told what happened in their words; the protocol's words are for the developer.
    const explained = await start.text();
    expect(explained).toContain(
      "This app was turned off by your organisation&#39;s admin. Nothing was shared with it.",
    );
    expect(explained).toContain("For the app's developer");
    await anonymous.dispose();

    await appCard().getByRole("button", { name: "Enable" }).click();
    await admin.getByRole("dialog").getByRole("button", { name: "Enable app" }).click();
    await expect(appCard().getByText("disabled", { exact: true })).toHaveCount(0);
    expect((await asApp.get("/api/v1/articles")).status()).toBe(200);
    await asApp.dispose();
  });

  test("an app whose owner is disabled serves nobody who gave it access, until the owner is enabled", async ({
    browser,
  }) => {
    const grantor = await browser.newPage({ storageState: NO_COOKIES });
    await signedInWriter(grantor);
    const tokens = await tokensThroughBrowser(grantor, config, {
      scope: "openid articles:read",
      consent: allowAll,
    });
    const asApp = await apiAs(tokens.access_token);
    expect((await asApp.get("/api/v1/articles")).status()).toBe(200);

    const setOwnerDisabled = (at: Date | null) =>
      runSql(e2eDatabaseUrl(), `UPDATE "User" SET "disabledAt" = ? WHERE "id" = ?`, [
        at ? storedDate(at, e2eDatabaseUrl()) : null,
        ownerId,
      ]);
    await setOwnerDisabled(new Date());
    expect((await asApp.get("/api/v1/articles")).status()).toBe(401);
    const anonymous = await apiRequest.newContext({ storageState: NO_COOKIES });
    const start = await anonymous.get(`${ISSUER}/auth?client_id=${app.clientId}&response_type=code&scope=openid`, {
      maxRedirects: 0,
    });
    expect(start.status()).toBe(400);
    // A person is told what happened in their words; the protocol's words are for the developer.
    const explained = await start.text();
    expect(explained).toContain(
      "This app was turned off by your organisation&#39;s admin. Nothing was shared with it.",
    );
    expect(explained).toContain("For the app's developer");
    await anonymous.dispose();

    await setOwnerDisabled(null);
    expect((await asApp.get("/api/v1/articles")).status()).toBe(200);
    await Promise.all([asApp.dispose(), grantor.close()]);
  });

  test("a first-party app skips the consent page, and its token lifetime is the admin's", async () => {
    await saveSettings({ firstParty: true, minutes: "2" });
    const tokens = await tokensThroughBrowser(owner, config, {
      scope: "openid articles:read articles:write",
      prompt: "consent",
    });
    expect(tokens.expires_in).toBeLessThanOrEqual(120);
    expect(tokens.scope?.split(" ").sort()).toEqual(["articles:read", "articles:write"]);
    await saveSettings({ firstParty: false, minutes: "" });
  });

  test("client credentials: the app's own tokens carry its scopes ∩ the service role, and stop when it is taken away", async () => {
    // Without a service role the app may not use the grant at all.
    await expect(client.clientCredentialsGrant(config, { scope: "articles:read" })).rejects.toMatchObject({
      status: 400,
    });
    await saveSettings({ serviceRole: "user" });
    const tokens = await client.clientCredentialsGrant(config, { scope: "articles:read articles:write" });
    const asService = await apiAs(tokens.access_token);
    expect((await asService.get("/api/v1/articles")).status()).toBe(200);
    const write = await asService.post("/api/v1/articles", { data: { title: "By the ops bot", body: "x" } });
    expect(write.status()).toBe(403);
    expect(((await write.json()) as { message: string }).message).toContain("role (user) no longer allows");

    await saveSettings({ serviceRole: "writer" });
    expect((await asService.post("/api/v1/articles", { data: { title: "By the ops bot", body: "x" } })).status()).toBe(
      201,
    );
    await saveSettings({ serviceRole: "none" });
    expect((await asService.get("/api/v1/articles")).status()).toBe(401);
    await asService.dispose();
  });
});

test("device flow: a CLI shows a code, the person enters it at /device and consents, the CLI gets tokens", async ({
  page,
}) => {
  // Wrong codes are counted per network (a wrong one is typed below): this person's network is their own.
  await page.setExtraHTTPHeaders(ownNetwork());
  await signedInWriter(page);
  const { clientId } = await registerAppInUi(page, { name: "Article CLI", kind: "public", scopes: ["articles:read"] });
  const config = await discover(clientId, null);

  const started = await client.initiateDeviceAuthorization(config, { scope: "openid articles:read" });
  // The short address people type, not the provider's own.
  expect(started.verification_uri).toBe(new URL("/device", ISSUER).href);
  expect(started.verification_uri_complete).toBe(
    `${new URL("/device", ISSUER).href}?user_code=${encodeURIComponent(started.user_code)}`,
  );
  // The person opens the short address and types the code.
  await page.goto("/device");
  await page.getByLabel("Code shown on your device").fill(started.user_code);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Is this the code on your device?" })).toBeVisible();
  await page.getByRole("button", { name: "Yes, continue" }).click();
  await expect(page.getByTestId("consent-app")).toHaveText("Article CLI");
  await page.getByRole("button", { name: "Allow access" }).click();
  await expect(page.getByRole("heading", { name: "Done" })).toBeVisible();

  const tokens = await client.pollDeviceAuthorizationGrant(config, started);
  const asCli = await apiAs(tokens.access_token);
  expect((await asCli.get("/api/v1/articles")).status()).toBe(200);
  await asCli.dispose();

  // A wrong code is refused with a message, and a denied request tells the device so.
  await page.goto("/device");
  await page.getByLabel("Code shown on your device").fill("BCDF-GHJK");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toContainText("That code is not right");

  // Cancelling on the confirmation page tells the device so.
  const cancelled = await client.initiateDeviceAuthorization(config, { scope: "openid articles:read" });
  // The complete address carries the code: straight to the confirmation.
  await page.goto(cancelled.verification_uri_complete!);
  await page.getByRole("button", { name: "No, cancel" }).click();
  await expect(client.pollDeviceAuthorizationGrant(config, cancelled)).rejects.toMatchObject({
    error: "access_denied",
  });
});

test("a device polling faster than every 5 seconds is told slow_down; at its pace, authorization_pending", async ({
  page,
}) => {
  await signedInWriter(page);
  const { clientId } = await registerAppInUi(page, { name: "Eager TV", kind: "public" });
  const raw = await apiRequest.newContext({ storageState: NO_COOKIES });
  const started = (await (
    await raw.post(`${ISSUER}/device/auth`, { form: { client_id: clientId, scope: "openid" } })
  ).json()) as { device_code: string };
  const poll = async () => {
    const response = await raw.post(`${ISSUER}/token`, {
      form: {
        client_id: clientId,
        grant_type: "urn:ietf:params:oauth:grant-type:device_code",
        device_code: started.device_code,
      },
    });
    expect(response.status()).toBe(400);
    expect(response.headers()["cache-control"]).toContain("no-store");
    return ((await response.json()) as { error: string }).error;
  };
  expect(await poll()).toBe("authorization_pending");
  expect(await poll()).toBe("slow_down");
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  expect(await poll()).toBe("authorization_pending");
  await raw.dispose();
});

test("wrong device codes are limited per network (10 in 15 min); codes that are right do not count", async ({
  page,
  browser,
}) => {
  await signedInWriter(page);
  const { clientId } = await registerAppInUi(page, { name: "Guessed TV", kind: "public", scopes: ["articles:read"] });
  const started = await client.initiateDeviceAuthorization(await discover(clientId, null), { scope: "openid" });
  const throttledEntries = () =>
    countOf(
      e2eDatabaseUrl(),
      `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = 'app.device_codes_throttled'`,
      [],
    );
  const entriesBefore = await throttledEntries();
  const guesser = await browser.newContext({ storageState: NO_COOKIES, extraHTTPHeaders: ownNetwork() });
  const device = await guesser.newPage();
  const enter = async (code: string) => {
    await device.goto(`${ISSUER}/device`);
    await device.getByLabel("Code shown on your device").fill(code);
    const [answer] = await Promise.all([
      device.waitForResponse((response) => response.request().method() === "POST"),
      device.getByRole("button", { name: "Continue" }).click(),
    ]);
    return answer;
  };
  // The right code, entered twice: found both times, and not counted.
  for (let time = 0; time < 2; time++) {
    await enter(started.user_code);
    await expect(device.getByRole("heading", { name: "Is this the code on your device?" })).toBeVisible();
  }
  for (let guess = 0; guess < 10; guess++) {
    await enter(`BCDF-${"GHJKLMNP"[guess % 8]}${"QRST"[guess % 4]}VW`);
    await expect(device.getByRole("alert")).toContainText("That code is not right");
  }
  const refused = await enter("WXZB-CDFG");
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  await expect(device.getByRole("heading", { name: "Too many codes" })).toBeVisible();
  // Even the right code waits now; another network is not held up.
  expect((await enter(started.user_code)).status()).toBe(429);
  const neighbour = await browser.newContext({ storageState: NO_COOKIES, extraHTTPHeaders: ownNetwork() });
  const otherDevice = await neighbour.newPage();
  await otherDevice.goto(`${ISSUER}/device`);
  await otherDevice.getByLabel("Code shown on your device").fill(started.user_code);
  await otherDevice.getByRole("button", { name: "Continue" }).click();
  await expect(otherDevice.getByRole("heading", { name: "Is this the code on your device?" })).toBeVisible();
  // The audit log hears of it once, not once per refused code.
  await expect.poll(throttledEntries).toBe(entriesBefore + 1);
  await Promise.all([guesser.close(), neighbour.close()]);
});

test("an app's sign-out request, once the person says yes, ends the Gatehouse session too and returns to the app", async ({
  page,
}) => {
  const person = await signedInWriter(page);
  const { clientId, secret } = await registerAppInUi(page, { name: "Sign-out app", scopes: ["articles:read"] });
  const config = await discover(clientId, secret);
  const tokens = await tokensThroughBrowser(page, config, {
    scope: "openid articles:read",
    consent: allowAll,
  });
  const sessionCookie = (await page.context().cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
  expect(sessionCookie).toBeDefined();

  // "No, stay signed in" keeps the Gatehouse session.
  const endSession = (logoutState: string) =>
    client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: APP_CALLBACK,
      state: logoutState,
    }).href;
  // The app's side, answered by the test (authorizeInBrowser takes its own answer away when done).
  const answerAsApp = () =>
    page.route("http://127.0.0.1:3999/**", (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<title>The app</title><p>Back at the app</p>" }),
    );
  await answerAsApp();
  await page.goto(endSession("stay"));
  await expect(page.getByRole("heading", { name: "Sign out of Gatehouse?" })).toBeVisible();
  await expect(page.getByText("Sign-out app asks to sign you out.")).toBeVisible();
  await page.getByRole("button", { name: "No, stay signed in" }).click();
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:3999\/callback\?state=stay/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);

  // Yes: back at the app, and signed out of Gatehouse; a copy of the old cookie is refused too.
  // ("No" still ends this app's sign-in, so it asks again.)
  const again = await authorizeInBrowser(page, config, { scope: "openid articles:read", consent: allowAll });
  const second = await client.authorizationCodeGrant(config, again.callback, {
    pkceCodeVerifier: again.verifier,
    expectedState: again.state,
  });
  await answerAsApp();
  await page.goto(
    client.buildEndSessionUrl(config, {
      id_token_hint: second.id_token!,
      post_logout_redirect_uri: APP_CALLBACK,
      state: "out",
    }).href,
  );
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:3999\/callback\?state=out/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);
  // Signed out, the app's next request for access opens sign-in, which names the app.
  const named = client.buildAuthorizationUrl(config, {
    redirect_uri: APP_CALLBACK,
    scope: "openid",
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: "S256",
    state: "named",
  });
  await page.goto(named.href);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Foauth%2Finteraction%2F/);
  await expect(page.getByTestId("sign-in-purpose")).toHaveText(
    "Sign in to continue to “Sign-out app”, an app someone in your organisation registered (not Gatehouse itself).",
  );
  const replay = await requestWithSessionCookie(sessionCookie!.value);
  const withOldCookie = await replay.get("/dashboard", { maxRedirects: 0 });
  expect(withOldCookie.status()).toBe(307);
  expect(withOldCookie.headers().location).toContain("/signin?callbackUrl=");
  await replay.dispose();
  await expect
    .poll(() =>
      countOf(
        e2eDatabaseUrl(),
        `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = 'auth.sign_out' AND "actorId" = ? AND "after" LIKE ?`,
        [person.id, "%Sign-out app%"],
      ),
    )
    .toBe(1);
});

test("silent sign-in (prompt=none) works exactly while Gatehouse's own session stands", async ({ page }) => {
  const person = await signedInWriter(page);
  const { clientId, secret } = await registerAppInUi(page, { name: "Silent app" });
  const config = await discover(clientId, secret);
  await tokensThroughBrowser(page, config, { scope: "openid articles:read", consent: allowAll });

  // Signed in and consented: straight back with a code, no page shown.
  const silent = await authorizeInBrowser(page, config, { scope: "openid articles:read", prompt: "none" });
  const tokens = await client.authorizationCodeGrant(config, silent.callback, {
    pkceCodeVerifier: silent.verifier,
    expectedState: silent.state,
  });
  expect(tokens.claims()?.sub).toBe(person.id);
  // A scope not granted yet cannot be given silently.
  const more = await authorizeInBrowser(page, config, { scope: "openid profile articles:read", prompt: "none" });
  expect(more.callback.searchParams.get("error")).toBe("consent_required");

  // Gatehouse's session ends elsewhere (every session of the person); the OAuth server's own cookie
  // is still in this browser, but it signs nobody in.
  expect((await page.context().cookies()).some((cookie) => cookie.name === "_session")).toBe(true);
  await runSql(e2eDatabaseUrl(), `UPDATE "User" SET "sessionVersion" = "sessionVersion" + 1 WHERE "id" = ?`, [
    person.id,
  ]);
  const ended = await authorizeInBrowser(page, config, { scope: "openid articles:read", prompt: "none" });
  expect(ended.callback.searchParams.get("error")).toBe("login_required");
  expect(ended.callback.searchParams.get("code")).toBeNull();
});

test("signing out of Gatehouse ends the OAuth server's own session too", async ({ page }) => {
  await signedInWriter(page);
  const { clientId, secret } = await registerAppInUi(page, { name: "Session app", scopes: ["articles:read"] });
  const config = await discover(clientId, secret);
  await authorizeInBrowser(page, config, { scope: "openid articles:read", consent: allowAll });
  const providerSession = (await page.context().cookies()).find((cookie) => cookie.name === "_session");
  expect(providerSession).toBeDefined();
  const count = () =>
    countOf(e2eDatabaseUrl(), `SELECT COUNT(*) FROM "OAuthRecord" WHERE "kind" = 'Session' AND "id" = ?`, [
      createHash("sha256").update(providerSession!.value).digest("base64url"),
    ]);
  // Stored under its hash: the cookie's value itself is nowhere in the table.
  expect(await count()).toBe(1);
  expect(
    await countOf(e2eDatabaseUrl(), `SELECT COUNT(*) FROM "OAuthRecord" WHERE "id" = ?`, [providerSession!.value]),
  ).toBe(0);

  await page.goto("/dashboard");
  await signOutThroughHeader(page);
  expect((await page.context().cookies()).some((cookie) => cookie.name === "_session")).toBe(false);
  expect(await count()).toBe(0);
});
