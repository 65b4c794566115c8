import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { OIDC_ISSUER } from "../../fixtures/oidc-settings.mjs";

// Driving the loopback OpenID provider (tests/fixtures/oidc-provider.mjs) from a browser.

export const OIDC_BUTTON = "Continue with Loopback ID";
export const OIDC_LINK_BUTTON = "Link Loopback ID";

export function freshAddress(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

const STOPPED = "Stopped before the callback.";

/** At the provider: log in as `login` (any password) and consent, if asked. */
export async function loginAtProvider(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER.replaceAll(".", "\\.")}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password works here");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // The consent page comes once per provider session; a returning browser goes straight back.
  const consent = page.getByRole("button", { name: "Continue" });
  const next = await Promise.race(
    [
      consent.waitFor().then(() => "consent" as const),
      page.waitForURL((url) => url.origin !== OIDC_ISSUER).then(() => "back" as const),
    ].map((wait) => wait.catch(() => "gone" as const)),
  );
  if (next === "consent") await consent.click();
}

/** From Gatehouse's sign-in page, through the provider, until the browser is back at Gatehouse. */
export async function signInWithProvider(page: Page, login: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: OIDC_BUTTON }).click();
  await loginAtProvider(page, login);
  await page.waitForURL((url) => url.origin !== OIDC_ISSUER);
}

/**
 * Runs the flow but stops the provider's redirect back to Gatehouse: returns the callback URL
 * (code, state, iss) so a test can tamper with it, replay it or present it elsewhere.
 *
 * Playwright does not route the target of a redirect, so every provider response is fetched here
 * with redirects held: a redirect within the provider is replaced by a stub page and followed by
 * navigating to it (which is routed again), and the redirect to Gatehouse is recorded, not followed.
 */
export async function captureCallback(page: Page, login: string): Promise<URL> {
  let callback: URL | undefined;
  let held: string | undefined;
  await page.route(`${OIDC_ISSUER}/**`, async (route) => {
    if (!route.request().isNavigationRequest()) return route.continue();
    const response = await route.fetch({ maxRedirects: 0 });
    const location = response.headers()["location"];
    if (!location) return route.fulfill({ response });
    const target = new URL(location, route.request().url());
    if (target.origin === OIDC_ISSUER) held = target.href;
    else if (target.pathname === "/api/auth/callback/oidc") callback = target;
    return route.fulfill({ status: 200, contentType: "text/html", body: `<p>${STOPPED}</p>` });
  });
  const nextStep = async () => {
    await expect.poll(() => held ?? callback, { message: "the provider answered" }).toBeDefined();
    // Let the browser finish the navigation that produced the stub before starting the next one. The
    // wait is bounded: a request that never settles (seen once in CI: the page had loaded, but the
    // network never went quiet) must not hold the test until it times out.
    await page.waitForLoadState("load");
    await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => {});
    while (held) {
      const next = held;
      held = undefined;
      try {
        await page.goto(next);
      } catch (error) {
        // Next.js may start the redirect to the provider twice; the later one wins and is usually
        // held too. When the later one was not the provider's (nothing held, no callback yet), the
        // step is simply taken again.
        if (!String(error).includes("interrupted by another navigation")) throw error;
        await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => {});
        if (!held && !callback) held = next;
      }
    }
  };

  await page.goto("/signin");
  await page.getByRole("button", { name: OIDC_BUTTON }).click();
  await nextStep();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password works here");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await nextStep();
  if (!callback) {
    await page.getByRole("button", { name: "Continue" }).click();
    await nextStep();
  }
  await page.unrouteAll({ behavior: "wait" });
  expect(callback, "the provider redirected back with a code").toBeDefined();
  return callback!;
}
