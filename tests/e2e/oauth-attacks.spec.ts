import { request as apiRequest, expect, test } from "@playwright/test";
import { createHash, randomUUID } from "node:crypto";
import { SignJWT, exportJWK } from "jose";
import * as client from "openid-client";
import { adminAct } from "./support/admin";
import { countOf, e2eDatabaseUrl, runSql } from "./support/database";
import { E2E_ORIGIN, NO_COOKIES, TEST_PEOPLE, ownNetwork } from "./support/fixtures";
import {
  ISSUER,
  allowAll,
  apiWith,
  signedInWriter,
  authorizeInBrowser,
  discover,
  registerAppInUi,
  tokensThroughBrowser,
} from "./support/oauth-apps";
import { signInThroughForm } from "./support/sign-in";

// Security round three (issue 29): each hole an attack on the production build found in the OAuth
// server, attacked again here the way it was found, and each interoperability gap an OpenID-certified
// client library (openid-client) ran into.

test.use({ storageState: NO_COOKIES });

/** A DPoP proof (RFC 9449 §4.2) made by hand, as an app (or someone who stole its key) would. */
async function proofFor(keyPair: CryptoKeyPair, htm: string, htu: string, accessToken: string): Promise<string> {
  const jwk = await exportJWK(keyPair.publicKey);
  return new SignJWT({
    htm,
    htu,
    jti: randomUUID(),
    ath: createHash("sha256").update(accessToken).digest("base64url"),
  })
    .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk })
    .setIssuedAt()
    .sign(keyPair.privateKey);
}

/** Whether an access token still reads the API, and a refresh token still refreshes. */
async function stillWorks(config: client.Configuration, tokens: { access_token: string; refresh_token?: string }) {
  const asApp = await apiWith(`Bearer ${tokens.access_token}`);
  const apiStatus = (await asApp.get("/api/v1/articles")).status();
  await asApp.dispose();
  const refreshes = await client
    .refreshTokenGrant(config, tokens.refresh_token!)
    .then(() => true)
    .catch(() => false);
  return { api: apiStatus === 200, refreshes };
}

test("a stolen session's own app loses access as the victim recovers: End sessions, then disable and enable", async ({
  page,
  browser,
}) => {
  // The thief, in the victim's session, registers an app and gives it offline access to the victim.
  const victim = await signedInWriter(page);
  const { clientId, secret } = await registerAppInUi(page, { name: "Backdoor", scopes: ["articles:read"] });
  const config = await discover(clientId, secret);
  const grant = () =>
    tokensThroughBrowser(page, config, {
      scope: "openid offline_access articles:read",
      prompt: "consent",
      consent: allowAll,
    });
  const first = await grant();
  expect(await stillWorks(config, first)).toEqual({ api: true, refreshes: true });
  const second = await grant();

  const admin = await browser.newPage({ storageState: NO_COOKIES });
  await signInThroughForm(admin, TEST_PEOPLE.admin);
  const said = await adminAct(admin, victim.email, "End sessions");
  expect(await stillWorks(config, second)).toEqual({ api: false, refreshes: false });
  expect(said).toContain("1 app's access");
  // The admin's view of the person's sessions is what the server enforces.
  await admin.goto(`/admin/users/${victim.id}`);
  await expect(admin.getByText("No one is signed in to this account.")).toBeVisible();

  // A grant made again (the thief signed in once more before the admin disabled the account) dies
  // with disabling, and enabling brings nothing back.
  await signInThroughForm(page, victim);
  const third = await grant();
  await adminAct(admin, victim.email, "Disable");
  await adminAct(admin, victim.email, "Enable");
  expect(await stillWorks(config, third)).toEqual({ api: false, refreshes: false });
  await admin.close();
});

test("an owner's change to an app an admin approved clears the approval and ends its service tokens", async ({
  page,
  browser,
}) => {
  const owner = await signedInWriter(page);
  const { clientId, secret } = await registerAppInUi(page, {
    name: `Harmless ${Date.now()}`,
    scopes: ["articles:read"],
  });
  // An admin approves it as it is: first-party (no consent page) and a service role.
  await runSql(e2eDatabaseUrl(), `UPDATE "OAuthApp" SET "firstParty" = TRUE, "serviceRole" = 'editor' WHERE "id" = ?`, [
    clientId,
  ]);
  const config = await discover(clientId, secret);
  const service = await client.clientCredentialsGrant(config, { scope: "articles:read" });
  const asService = await apiWith(`Bearer ${service.access_token}`);
  expect((await asService.get("/api/v1/articles")).status()).toBe(200);

  // The owner renames it "Gatehouse" and adds write and delete scopes.
  await page.goto("/settings/apps");
  const card = page.locator(`[data-app-id="${clientId}"]`);
  await card.getByRole("button", { name: "Edit" }).click();
  await card.getByLabel("Name").fill("Gatehouse");
  await card.getByLabel(/^articles:write/).check();
  await card.getByLabel(/^articles:delete/).check();
  await card.getByRole("button", { name: "Save changes" }).click();
  await expect(card.getByText(/^Saved “Gatehouse”/)).toBeVisible();

  expect((await asService.get("/api/v1/articles")).status()).toBe(401);
  await expect(card.getByText("that approval is cleared")).toBeVisible();
  expect(
    await countOf(
      e2eDatabaseUrl(),
      `SELECT COUNT(*) AS n FROM "OAuthApp" WHERE "id" = ? AND "firstParty" = FALSE AND "serviceRole" IS NULL`,
      [clientId],
    ),
  ).toBe(1);
  await expect(client.clientCredentialsGrant(config, { scope: "articles:read" })).rejects.toBeTruthy();
  // The consent page is back for the renamed app.
  const { callback } = await authorizeInBrowser(page, config, {
    scope: "openid articles:read",
    consent: async (consentPage) => {
      await expect(consentPage.getByTestId("consent-app")).toHaveText("Gatehouse");
      await allowAll(consentPage);
    },
  });
  expect(callback.searchParams.get("code")).toBeTruthy();
  // Admins see it among the latest security events.
  const admin = await browser.newPage({ storageState: NO_COOKIES });
  await signInThroughForm(admin, TEST_PEOPLE.admin);
  await admin.goto("/admin");
  await expect(admin.getByTestId("security-events")).toContainText(owner.email);
  await expect(admin.getByTestId("security-events")).toContainText("approval was cleared");
  await Promise.all([asService.dispose(), admin.close()]);
});

test("a DPoP-bound token is refused as Bearer and with a replayed proof; an app may require DPoP", async ({ page }) => {
  await signedInWriter(page);
  const { clientId, secret } = await registerAppInUi(page, { name: "Bound app", scopes: ["articles:read"] });
  const config = await discover(clientId, secret);
  const keyPair = await client.randomDPoPKeyPair();
  const DPoP = client.getDPoPHandle(config, keyPair);
  const { callback, verifier, state } = await authorizeInBrowser(page, config, {
    scope: "openid articles:read",
    consent: allowAll,
  });
  const tokens = await client.authorizationCodeGrant(
    config,
    callback,
    { pkceCodeVerifier: verifier, expectedState: state },
    undefined,
    { DPoP },
  );
  // Copied and sent as Bearer, as a thief without the key would.
  const asBearer = await apiWith(`Bearer ${tokens.access_token}`);
  const refused = await asBearer.get("/api/v1/articles");
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain('error="invalid_token"');
  await asBearer.dispose();

  expect(tokens.token_type.toLowerCase()).toBe("dpop");
  const url = new URL("/api/v1/articles", E2E_ORIGIN);
  const proven = await client.fetchProtectedResource(config, tokens.access_token, url, "GET", undefined, undefined, {
    DPoP,
  });
  expect(proven.status).toBe(200);

  // A proof seen on the wire, replayed: it worked once, and is refused the second time.
  const proof = await proofFor(keyPair, "GET", url.href, tokens.access_token);
  const withProof = await apiWith(`DPoP ${tokens.access_token}`, { DPoP: proof });
  expect((await withProof.get("/api/v1/articles")).status()).toBe(200);
  const replayed = await withProof.get("/api/v1/articles");
  expect(replayed.status()).toBe(401);
  expect(replayed.headers()["www-authenticate"]).toContain('error="invalid_dpop_proof"');
  await withProof.dispose();
  // A fresh proof for another URL, or signed by another key, is refused too.
  const elsewhere = await apiWith(`DPoP ${tokens.access_token}`, {
    DPoP: await proofFor(keyPair, "GET", `${E2E_ORIGIN}/api/v1/other`, tokens.access_token),
  });
  expect((await elsewhere.get("/api/v1/articles")).status()).toBe(401);
  await elsewhere.dispose();
  const otherKey = await apiWith(`DPoP ${tokens.access_token}`, {
    DPoP: await proofFor(await client.randomDPoPKeyPair(), "GET", url.href, tokens.access_token),
  });
  expect((await otherKey.get("/api/v1/articles")).status()).toBe(401);
  await otherKey.dispose();

  // The app now requires DPoP: a code exchange without a proof is refused.
  await runSql(e2eDatabaseUrl(), `UPDATE "OAuthApp" SET "dpopBoundAccessTokens" = TRUE WHERE "id" = ?`, [clientId]);
  const again = await authorizeInBrowser(page, config, { scope: "openid articles:read" });
  await expect(
    client.authorizationCodeGrant(config, again.callback, {
      pkceCodeVerifier: again.verifier,
      expectedState: again.state,
    }),
  ).rejects.toMatchObject({ error: "invalid_grant" });
});

test("the device flow's limits hold whatever the case of the path", async ({ page }) => {
  await signedInWriter(page);
  const { clientId } = await registerAppInUi(page, { name: "Shouting TV", kind: "public", scopes: ["articles:read"] });
  const guesser = await apiRequest.newContext({ storageState: NO_COOKIES, extraHTTPHeaders: ownNetwork() });
  let form = await (await guesser.get(`${ISSUER}/device`)).text();
  const statuses: number[] = [];
  for (let guess = 0; guess < 12; guess++) {
    const xsrf = form.match(/name="xsrf" value="([^"]+)"/)?.[1] ?? "";
    const answer = await guesser.post(`${E2E_ORIGIN}/api/oauth/DEVICE`, {
      form: { xsrf, user_code: `BCDF-${"GHJKLMNP"[guess % 8]}${"QRST"[guess % 4]}VW` },
    });
    statuses.push(answer.status());
    form = await answer.text();
    if (!form.includes('name="xsrf"')) form = await (await guesser.get(`${ISSUER}/device`)).text();
  }
  expect(statuses.slice(0, 10).every((status) => status === 200)).toBe(true);
  expect(statuses.slice(10)).toEqual([429, 429]);
  await guesser.dispose();

  const device = await apiRequest.newContext({ storageState: NO_COOKIES });
  const started = (await (
    await device.post(`${ISSUER}/device/auth`, { form: { client_id: clientId, scope: "openid" } })
  ).json()) as { device_code: string };
  const poll = async (path: string) =>
    (
      (await (
        await device.post(`${E2E_ORIGIN}/api/oauth/${path}`, {
          form: {
            client_id: clientId,
            grant_type: "urn:ietf:params:oauth:grant-type:device_code",
            device_code: started.device_code,
          },
        })
      ).json()) as { error: string }
    ).error;
  expect(await poll("TOKEN")).toBe("authorization_pending");
  expect(await poll("Token/")).toBe("slow_down");
  await device.dispose();
});

test("a refresh token replayed inside the retry window forks nothing: the displaced chain's next use revokes the grant", async ({
  page,
}) => {
  await signedInWriter(page);
  const { clientId, secret } = await registerAppInUi(page, { name: "Forked app", scopes: ["articles:read"] });
  const config = await discover(clientId, secret);
  const tokens = await tokensThroughBrowser(page, config, {
    scope: "openid offline_access articles:read",
    prompt: "consent",
    consent: allowAll,
  });
  const app = await client.refreshTokenGrant(config, tokens.refresh_token!);
  // The thief replays the first refresh token seconds later: served (the window is for lost answers)...
  const thief = await client.refreshTokenGrant(config, tokens.refresh_token!);
  // ...but the app's chain is the one displaced: its next refresh is a reuse, and the grant ends.
  await expect(client.refreshTokenGrant(config, app.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  await expect(client.refreshTokenGrant(config, thief.refresh_token!)).rejects.toMatchObject({
    error: "invalid_grant",
  });
  const asThief = await apiWith(`Bearer ${thief.access_token}`);
  expect((await asThief.get("/api/v1/articles")).status()).toBe(401);
  await asThief.dispose();
});

test("an app cannot introspect another app's token", async ({ page }) => {
  const person = await signedInWriter(page);
  const mine = await registerAppInUi(page, { name: "Victim app", scopes: ["articles:read"] });
  const nosy = await registerAppInUi(page, { name: "Nosy app", scopes: ["articles:read"] });
  const mineConfig = await discover(mine.clientId, mine.secret);
  const tokens = await tokensThroughBrowser(page, mineConfig, { scope: "openid articles:read", consent: allowAll });
  const nosyConfig = await discover(nosy.clientId, nosy.secret);
  expect(await client.tokenIntrospection(nosyConfig, tokens.access_token)).toEqual({ active: false });
  expect(await client.tokenIntrospection(mineConfig, tokens.access_token)).toMatchObject({
    active: true,
    sub: person.id,
  });
});

test("the device page's form sent without its session is a 400 page, not a 500", async () => {
  const stranger = await apiRequest.newContext({ storageState: NO_COOKIES });
  for (const path of ["device", "DEVICE"]) {
    const answer = await stranger.post(`${E2E_ORIGIN}/api/oauth/${path}`, {
      form: { xsrf: "made-up", user_code: "BCDF-GHJK" },
    });
    expect(answer.status()).toBe(400);
    expect(await answer.text()).toContain("Open the device page again");
  }
  const resumed = await stranger.get(`${ISSUER}/device/made-up-uid`, { maxRedirects: 0 });
  expect(resumed.status()).toBeLessThan(500);
  await stranger.dispose();
});

test.describe("with an OpenID-certified client (openid-client)", () => {
  test("one access token for openid and API scopes reads userinfo and the API", async ({ page }) => {
    const person = await signedInWriter(page);
    const { clientId, secret } = await registerAppInUi(page, { name: "Both worlds", scopes: ["articles:read"] });
    const config = await discover(clientId, secret);
    const tokens = await tokensThroughBrowser(page, config, {
      scope: "openid email profile articles:read",
      consent: allowAll,
    });
    const info = await client.fetchUserInfo(config, tokens.access_token, person.id);
    expect(info).toMatchObject({ sub: person.id, email: person.email, email_verified: true });
    const asApp = await apiWith(`Bearer ${tokens.access_token}`);
    expect((await asApp.get("/api/v1/articles")).status()).toBe(200);
    await asApp.dispose();
  });

  test("a token response names the granted scope when it differs from the one asked for", async ({ page }) => {
    await signedInWriter(page);
    const { clientId, secret } = await registerAppInUi(page, { name: "Asks much", scopes: ["articles:read"] });
    await runSql(e2eDatabaseUrl(), `UPDATE "OAuthApp" SET "serviceRole" = 'writer' WHERE "id" = ?`, [clientId]);
    const config = await discover(clientId, secret);
    const granted = await client.clientCredentialsGrant(config, { scope: "articles:write" });
    expect(granted.scope).toBeDefined();
    expect(granted.scope).not.toBe("articles:write");
    const asked = await tokensThroughBrowser(page, config, { scope: "openid email articles:read", consent: allowAll });
    expect(asked.scope).toBe("articles:read");
  });

  test("authorization-server metadata is where RFC 8414 puts it for an issuer with a path", async () => {
    const config = await client.discovery(new URL(ISSUER), "any-client", undefined, client.None(), {
      algorithm: "oauth2",
      execute: [client.allowInsecureRequests],
    });
    expect(config.serverMetadata()).toMatchObject({ issuer: ISSUER, token_endpoint: `${ISSUER}/token` });
    const raw = await apiRequest.newContext({ storageState: NO_COOKIES });
    const openid = await raw.get(`${ISSUER}/.well-known/openid-configuration`);
    expect(openid.status()).toBe(200);
    await raw.dispose();
  });
});
