import AxeBuilder from "@axe-core/playwright";
import { request as apiRequest, expect, test, type Browser, type Page } from "@playwright/test";
import * as client from "openid-client";
import { actionFormBody, serverActionId } from "./support/actions";
import { E2E_ORIGIN, NO_COOKIES, ownNetwork, storageStatePath } from "./support/fixtures";
import { SUBJECTS, linkIn, waitForMail } from "./support/mail";
import { passPasswordStep, totpCode } from "./support/second-factor";
import { signInThroughForm, signInUnconfirmed, signUpDirectly } from "./support/sign-in";
import { ISSUER, authorizeInBrowser, discover, registerAppInUi, signedInWriter } from "./support/oauth-apps";
import { openTokenForm } from "./support/tokens";
import { everyPage } from "./support/pages";

// Every page, in light and dark, on a laptop and on a 390 px phone: axe-core finds no serious or
// critical violation (contrast included, which is where dark mode used to fail), and on the phone
// the page is never wider than the screen (nothing scrolls sideways, nothing is cut off).

const VARIANTS = [
  { name: "light", colorScheme: "light" as const, viewport: { width: 1280, height: 800 } },
  { name: "dark", colorScheme: "dark" as const, viewport: { width: 1280, height: 800 } },
  { name: "phone (light)", colorScheme: "light" as const, viewport: { width: 390, height: 844 } },
  { name: "phone (dark)", colorScheme: "dark" as const, viewport: { width: 390, height: 844 } },
];

async function violations(page: Page) {
  // Checked at rest: once, in CI, axe ran right after an action while the document had no <title> yet
  // (Next streams a page's metadata after the rest of it), a moment no one reads the tab's name in. A
  // page that never gets a title still fails, here.
  await expect(page, "the page has a title").toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes
          .map((node) => node.target.join(" "))
          .slice(0, 3)
          .join(" | ")}`,
    );
}

/**
 * The page in `colorScheme`, its colours done changing: a switch of scheme starts CSS colour
 * transitions (buttons, links), and axe must not measure contrast halfway through one.
 */
async function inScheme(page: Page, colorScheme: "light" | "dark") {
  await page.emulateMedia({ colorScheme });
  await page.waitForFunction(
    (dark) =>
      matchMedia("(prefers-color-scheme: dark)").matches === dark &&
      // Transitions only: a spinner's animation never ends, and changes no colour anyway.
      document
        .getAnimations()
        .every((animation) => !("transitionProperty" in animation) || animation.playState !== "running"),
    colorScheme === "dark",
  );
}

/** The page's scripts have run and React has painted what they render. */
async function settled(page: Page) {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

async function contextFor(browser: Browser, as: "admin" | "signed-out", variant: (typeof VARIANTS)[number]) {
  return browser.newContext({
    colorScheme: variant.colorScheme,
    viewport: variant.viewport,
    storageState: as === "admin" ? storageStatePath("admin") : undefined,
  });
}

test.describe.configure({ timeout: 240_000 });

// Every page at each width, loaded once, then checked in light and in dark: the colour scheme is CSS
// alone (prefers-color-scheme), so switching it on the loaded page shows what a dark-mode visitor
// sees, without loading the page again.
// Each width in two halves of the pages (every other page), so the four run side by side and none
// nears its time limit as pages are added.
for (const [width, half] of [1280, 390].flatMap((width) => [0, 1].map((half) => [width, half] as const))) {
  test(`every page at ${width} px (half ${half + 1} of 2), in light and dark: no serious accessibility violations${width === 390 ? ", and none wider than the phone" : ""}`, async ({
    browser,
  }) => {
    const admin = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: storageStatePath("admin") });
    const pages = (await everyPage(admin)).filter((_, index) => index % 2 === half);
    await admin.dispose();
    const variants = VARIANTS.filter((variant) => variant.viewport.width === width);
    const problems: string[] = [];
    for (const as of ["admin", "signed-out"] as const) {
      const context = await contextFor(browser, as, variants[0]);
      const page = await context.newPage();
      for (const { path } of pages.filter((candidate) => candidate.as === as)) {
        // "load" waits for the page's scripts, which hydrate it; two animation frames let React commit.
        // (Not "networkidle": it waits out every link's prefetch, half a second or more per page.)
        await page.goto(path);
        await settled(page);
        for (const variant of variants) {
          if (variant !== variants[0]) await inScheme(page, variant.colorScheme);
          for (const problem of await violations(page)) problems.push(`${variant.name} ${path}: ${problem}`);
          if (width === 390) {
            const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
            if (scrollWidth > 390) problems.push(`${variant.name} ${path}: the page is ${scrollWidth} px wide`);
          }
        }
        await inScheme(page, variants[0].colorScheme);
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  });
}

test("on a phone the header folds into a menu that marks the current page", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    storageState: storageStatePath("admin"),
  });
  const page = await context.newPage();
  await page.goto("/admin/users");
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  // A closed menu holds no links: they are not sent twice in every page's HTML.
  expect(await page.locator(`[id="${await menu.getAttribute("aria-controls")}"] a`).count()).toBe(0);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const nav = page.getByRole("navigation", { name: "Main menu" });
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveAttribute("aria-current", "page");
  expect(await violations(page)).toEqual([]);
  await nav.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await context.close();
});

test("signed out on a phone, Sign in and Sign up each stay on one line", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: NO_COOKIES });
  const page = await context.newPage();
  await page.goto("/");
  const header = page.getByRole("banner");
  for (const name of ["Sign in", "Sign up"]) {
    const link = header.getByRole("link", { name, exact: true });
    // The lines its text takes: one rectangle per line box.
    const lines = await link.evaluate((node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    });
    expect(lines, name).toBe(1);
  }
  await context.close();
});

test("open dialogs pass axe too, in dark mode on a phone", async ({ browser }) => {
  const context = await browser.newContext({
    colorScheme: "dark",
    viewport: { width: 390, height: 844 },
    storageState: storageStatePath("admin"),
  });
  const page = await context.newPage();
  await page.goto("/admin/users");
  await page.getByRole("button", { name: "Change role" }).first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await context.close();
});

test("after an action, in light and dark: a toast showing, a new token's secret and its highlighted row, the consent page", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signedInWriter(page);
  const seen = async (state: string) => {
    for (const colorScheme of ["light", "dark"] as const) {
      await inScheme(page, colorScheme);
      expect(await violations(page), `${state} in ${colorScheme}`).toEqual([]);
    }
  };

  // A token made: the secret shown once, then its highlighted row and the toast of its revocation.
  await page.goto("/settings/tokens");
  await openTokenForm(page);
  await page.getByLabel("Name").fill("axe");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("Copy it now")).toBeVisible();
  await seen("the new token's secret");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.locator("[data-token-id][data-new]")).toBeVisible();
  await seen("the new token's highlighted row");
  await page
    .locator("[data-token-id][data-new]")
    .getByRole("button", { name: /^Revoke/ })
    .click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /^Revoke/ })
    .click();
  await expect(page.getByTestId("toast")).toBeVisible();
  await seen("a toast");

  // An app asking for access: the consent page with its scopes.
  const app = await registerAppInUi(page, { name: "Axe app", scopes: ["articles:read", "articles:write"] });
  const config = await discover(app.clientId, app.secret);
  await authorizeInBrowser(page, config, {
    scope: "openid articles:read articles:write",
    consent: async (consentPage) => {
      await expect(consentPage.getByRole("button", { name: "Allow" })).toBeVisible();
      await seen("the consent page");
      await consentPage.getByRole("button", { name: "Deny" }).click();
    },
  });
  await context.close();
});

test("the pages a person reaches from mail, and the check-your-inbox page, pass axe and fit a phone", async ({
  browser,
}) => {
  const person = { email: `a11y-${Date.now()}@example.test`, password: "violet-kettle-orbit-42" };
  await signUpDirectly(person, { confirm: false });
  const confirmLink = linkIn(await waitForMail(person.email, SUBJECTS.verify), "/verify-email");
  const visitor = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: NO_COOKIES });
  await visitor.post("/forgot-password", {
    headers: { "next-action": serverActionId("forgotPasswordAction"), origin: E2E_ORIGIN, ...ownNetwork() },
    multipart: actionFormBody({ email: person.email }),
  });
  await visitor.dispose();
  const resetLink = linkIn(await waitForMail(person.email, SUBJECTS.reset), "/reset-password");
  const paths = ["/verify-email", new URL(confirmLink).pathname + new URL(confirmLink).search];
  const signedOutPaths = [new URL(resetLink).pathname + new URL(resetLink).search];

  const problems: string[] = [];
  for (const variant of VARIANTS) {
    const context = await browser.newContext({ colorScheme: variant.colorScheme, viewport: variant.viewport });
    const page = await context.newPage();
    const check = async (path: string) => {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      for (const problem of await violations(page)) problems.push(`${variant.name} ${path}: ${problem}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > variant.viewport.width) problems.push(`${variant.name} ${path}: ${width} px wide`);
    };
    for (const path of signedOutPaths) await check(path);
    await signInUnconfirmed(page, person);
    for (const path of paths) await check(path);
    await expect(page.getByRole("button", { name: "Confirm my address" })).toBeVisible();
    await context.close();
  }
  expect(problems).toEqual([]);
});

test("two-step sign-in pages pass axe and fit a phone: setting up, the recovery codes, on, and the code step", async ({
  browser,
}) => {
  const person = { email: `a11y-mfa-${Date.now()}@example.test`, password: "violet-kettle-orbit-42" };
  await signUpDirectly(person);
  const context = await browser.newContext({ extraHTTPHeaders: ownNetwork() });
  const page = await context.newPage();
  await signInThroughForm(page, person);
  const problems: string[] = [];
  const checkEveryVariant = async (label: string) => {
    for (const variant of VARIANTS) {
      await page.setViewportSize(variant.viewport);
      await inScheme(page, variant.colorScheme);
      for (const problem of await violations(page)) problems.push(`${variant.name} ${label}: ${problem}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > variant.viewport.width) problems.push(`${variant.name} ${label}: ${width} px wide`);
    }
  };
  await page.goto("/settings/security");
  await checkEveryVariant("off");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByTestId("totp-enrolment")).toBeVisible();
  await checkEveryVariant("setting up");
  const key = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
  await page.getByLabel("Code from your app").fill(totpCode(key));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" })).toBeVisible();
  await checkEveryVariant("recovery codes");
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByTestId("recovery-codes-left")).toBeVisible();
  await checkEveryVariant("on");
  await context.close();

  for (const variant of VARIANTS) {
    const visitor = await browser.newContext({
      colorScheme: variant.colorScheme,
      viewport: variant.viewport,
      extraHTTPHeaders: ownNetwork(),
    });
    const codeStep = await visitor.newPage();
    await passPasswordStep(codeStep, person);
    for (const problem of await violations(codeStep)) problems.push(`${variant.name} code step: ${problem}`);
    const width = await codeStep.evaluate(() => document.documentElement.scrollWidth);
    if (width > variant.viewport.width) problems.push(`${variant.name} code step: ${width} px wide`);
    await visitor.close();
  }
  expect(problems).toEqual([]);
});

test("the OAuth server's own pages (device code, confirm, sign-out request, signed out, error) in every variant", async ({
  browser,
}) => {
  const owner = await browser.newContext({ storageState: storageStatePath("admin") });
  const { clientId } = await registerAppInUi(await owner.newPage(), { name: "Axe TV", kind: "public" });
  await owner.close();
  const started = await client.initiateDeviceAuthorization(await discover(clientId, null), { scope: "openid" });
  const problems: string[] = [];
  for (const variant of VARIANTS) {
    const context = await contextFor(browser, "signed-out", variant);
    const page = await context.newPage();
    // Device codes are counted per network: not one that other tests type wrong codes from.
    await page.setExtraHTTPHeaders(ownNetwork());
    const pages: Array<[string, () => Promise<unknown>]> = [
      ["device code", () => page.goto(`${ISSUER}/device`)],
      ["device confirm", () => page.goto(started.verification_uri_complete!)],
      ["sign-out request", () => page.goto(`${ISSUER}/session/end`)],
      ["signed out", () => page.goto(`${ISSUER}/session/end/success`)],
      ["error", () => page.goto(`${ISSUER}/auth?client_id=nobody`)],
    ];
    for (const [name, open] of pages) {
      await open();
      await page.waitForLoadState("networkidle");
      await expect(page.locator("h1")).toBeVisible();
      for (const problem of await violations(page)) problems.push(`${variant.name} ${name}: ${problem}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > variant.viewport.width) problems.push(`${variant.name} ${name}: ${width} px wide`);
    }
    await context.close();
  }
  expect(problems).toEqual([]);
});
