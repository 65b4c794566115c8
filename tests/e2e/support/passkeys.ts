import { readFileSync } from "node:fs";
import { expect, type Browser, type BrowserContext, type CDPSession, type Page } from "@playwright/test";
import { E2E_ORIGIN } from "./fixtures";

// Chromium's DevTools virtual authenticator: a real WebAuthn authenticator (CTAP2, resident keys,
// user verification) that the browser talks to as it would to a phone or a security key.

export type VirtualAuthenticator = { cdp: CDPSession; authenticatorId: string };

export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

export async function credentialsOf({ cdp, authenticatorId }: VirtualAuthenticator) {
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  return credentials;
}

/** Adds a passkey in settings through the page's own form, as a person does. */
export async function addPasskey(page: Page, name: string) {
  await page.goto("/settings/security");
  await page.getByLabel("Passkey name").fill(name);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText(`Passkey “${name}” added.`)).toBeVisible();
}

// For the CSRF and forced-action scenarios, which send a signed answer themselves: a page on
// Gatehouse's origin without its CSP, carrying @simplewebauthn/browser's bundle, so a test can run
// a ceremony and keep the answer instead of letting the app's own button send it.
const BUNDLE = readFileSync("node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js", "utf8");

async function ceremonyPage(context: BrowserContext) {
  const page = await context.newPage();
  await page.route(`${E2E_ORIGIN}/__ceremony`, (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><script>${BUNDLE}</script><p>ceremony</p>` }),
  );
  await page.goto(`${E2E_ORIGIN}/__ceremony`);
  return page;
}

export type SignedAnswer = { challengeId: string; response: string };

/** Runs a ceremony for `purpose` in `page` (which must be a ceremony page) and returns the answer. */
async function runInPage(page: Page, purpose: "register" | "sign-in" | "confirm"): Promise<SignedAnswer> {
  return page.evaluate(async (purpose) => {
    const answer = await fetch("/api/passkeys/options", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ purpose }),
    });
    const body = (await answer.json()) as { challengeId: string; options: string };
    const browserLib = (
      window as unknown as {
        SimpleWebAuthnBrowser: {
          startRegistration: (o: { optionsJSON: unknown }) => Promise<unknown>;
          startAuthentication: (o: { optionsJSON: unknown }) => Promise<unknown>;
        };
      }
    ).SimpleWebAuthnBrowser;
    const optionsJSON = JSON.parse(body.options);
    const response =
      purpose === "register"
        ? await browserLib.startRegistration({ optionsJSON })
        : await browserLib.startAuthentication({ optionsJSON });
    return { challengeId: body.challengeId, response: JSON.stringify(response) };
  }, purpose);
}

/**
 * A browser holding `cookies` (a signed-in person's) with a virtual authenticator: the answers for
 * adding a passkey, and later for signing in with it (after its cookies are cleared).
 */
export async function passkeyDevice(
  browser: Browser,
  storageState: Awaited<ReturnType<BrowserContext["storageState"]>>,
) {
  const context = await browser.newContext({ storageState });
  const page = await ceremonyPage(context);
  await addVirtualAuthenticator(page);
  return {
    context,
    page,
    answer: (purpose: "register" | "sign-in" | "confirm") => runInPage(page, purpose),
  };
}
