import { request as apiRequest, expect, type Page, type Request } from "@playwright/test";
import * as client from "openid-client";
import { newPerson } from "./action-scenarios";
import { e2eDatabaseUrl, runSql } from "./database";
import { E2E_ORIGIN, NO_COOKIES } from "./fixtures";
import { signInThroughForm } from "./sign-in";

// Driving Gatehouse's OAuth server as an integrator would: an app registered in the UI, then an
// independent client (openid-client) for discovery, PKCE, the code exchange and refreshes.

export const ISSUER = `${E2E_ORIGIN}/api/oauth`;
// Nothing listens here: the test catches the browser's arrival at the app and answers for it.
export const APP_CALLBACK = "http://127.0.0.1:3999/callback";

/** A new person, made a writer, signed in on `page`: who registers apps and gives them access here. */
export async function signedInWriter(page: Page) {
  const person = await newPerson();
  await runSql(e2eDatabaseUrl(), `UPDATE "User" SET "role" = 'writer' WHERE "id" = ?`, [person.id]);
  await signInThroughForm(page, person);
  return person;
}

/** A client of the REST API that sends this Authorization header (and any other headers given). */
export const apiWith = (authorization: string, extra: Record<string, string> = {}) =>
  apiRequest.newContext({
    baseURL: E2E_ORIGIN,
    storageState: NO_COOKIES,
    extraHTTPHeaders: { Authorization: authorization, ...extra },
  });

/** An app calling the REST API with an access token as Bearer. */
export const apiAs = (accessToken: string) => apiWith(`Bearer ${accessToken}`);

export async function registerAppInUi(
  page: Page,
  app: { name: string; kind?: "confidential" | "public"; scopes?: string[]; redirectUris?: string[] },
): Promise<{ clientId: string; secret: string | null }> {
  await page.goto("/settings/apps");
  await page.getByRole("button", { name: "Register an app" }).click();
  await page.getByLabel("Name").fill(app.name);
  await page.getByLabel("Redirect URIs").fill((app.redirectUris ?? [APP_CALLBACK]).join("\n"));
  if (app.kind === "public") await page.getByLabel(/Single-page, mobile/).check();
  for (const scope of app.scopes ?? ["articles:read"]) await page.getByLabel(new RegExp(`^${scope}`)).check();
  await page.getByRole("button", { name: "Register app" }).click();
  const shown = page.getByTestId("shown-once");
  await expect(shown).toBeVisible();
  const clientId = (await shown.textContent())!.match(/client id is (app_[\w-]+)/)![1];
  const secret = app.kind === "public" ? null : await page.getByTestId("client-secret").textContent();
  return { clientId, secret };
}

export async function discover(clientId: string, secret: string | null): Promise<client.Configuration> {
  return client.discovery(
    new URL(ISSUER),
    clientId,
    undefined,
    secret ? client.ClientSecretBasic(secret) : client.None(),
    { execute: [client.allowInsecureRequests] },
  );
}

/**
 * Sends the browser through the authorization endpoint and returns the URL it arrives at on the
 * app's side (the code, state and iss are in its query), answering the consent page with `consent`.
 */
export async function authorizeInBrowser(
  page: Page,
  config: client.Configuration,
  options: {
    scope: string;
    prompt?: string;
    consent?: (page: Page) => Promise<void>;
    redirectUri?: string;
  },
): Promise<{ callback: URL; verifier: string; state: string }> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri ?? APP_CALLBACK,
    scope: options.scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    ...(options.prompt ? { prompt: options.prompt } : {}),
  });
  let arrived: URL | undefined;
  const atAppUrl = (url: URL) => url.href.startsWith("http://127.0.0.1:3999/");
  const atApp = (request: Request) => atAppUrl(new URL(request.url()));
  const onRequest = (request: Request) => {
    if (atApp(request)) arrived ??= new URL(request.url());
  };
  page.on("request", onRequest);
  await page.route("http://127.0.0.1:3999/**", (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<title>The app</title><p>Back at the app</p>" }),
  );
  // Straight back to the app (a remembered consent) is a redirect chain that ends off Gatehouse.
  await page.goto(url.href).catch((error: Error) => {
    if (!arrived) throw error;
  });
  if (options.consent) await options.consent(page);
  await expect.poll(() => arrived?.href ?? "", { timeout: 15_000 }).toContain("127.0.0.1:3999");
  // Let the app's answer land before taking it away, or the browser goes on to an error page that
  // interrupts whatever the test opens next.
  await page.waitForURL(atAppUrl, { waitUntil: "domcontentloaded" }).catch(() => undefined);
  // …and finish loading: unrouted while it still loads, the browser turns it into its error page
  // (seen once in CI: "interrupted by another navigation to chrome-error://").
  await page.waitForLoadState("load").catch(() => undefined);
  page.off("request", onRequest);
  await page.unroute("http://127.0.0.1:3999/**");
  return { callback: arrived!, verifier, state };
}

/** The whole authorization code flow with PKCE: through the browser, then the code traded for tokens. */
export async function tokensThroughBrowser(
  page: Page,
  config: client.Configuration,
  options: Parameters<typeof authorizeInBrowser>[2],
) {
  const { callback, verifier, state } = await authorizeInBrowser(page, config, options);
  return client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
}

export async function allowAll(page: Page) {
  await expect(page.getByTestId("consent-app")).toBeVisible();
  await page.getByRole("button", { name: "Allow access" }).click();
}
