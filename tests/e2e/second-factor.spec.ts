import { request as apiRequest, expect, test, type Browser, type Page } from "@playwright/test";
import { startInstance, startOwnDatabase } from "../support/app-instances.mjs";
import { actionFormBody, serverActionId } from "./support/actions";
import { OIDC_CLIENT, OIDC_ISSUER } from "../fixtures/oidc-settings.mjs";
import { ageSessions, e2eDatabaseUrl } from "./support/database";
import { signInWithProvider } from "./support/oidc";
import { E2E_AUTH_SECRET, E2E_ORIGIN, SESSION_COOKIE, TEST_PEOPLE, ownNetwork } from "./support/fixtures";
import { enterCode, passPasswordStep, setUpAuthenticator, totpCode } from "./support/second-factor";
import { newSignedInPerson, signInThroughForm } from "./support/sign-in";

// Issue 18: two-step sign-in with an authenticator app (TOTP) and recovery codes, "sudo mode" for
// dangerous actions, and roles that must use two-step sign-in. Everything through Chromium against
// the production build; the attacks replay what a browser sends, with the half-signed-in state.

const PASSWORD = "violet-kettle-orbit-42";

const newPerson = (browser: Browser) => newSignedInPerson(browser, PASSWORD, "mfa");

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1/);
}

async function sessionCookieIn(page: Page) {
  return (await page.context().cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
}

test.describe("an authenticator app", () => {
  test("is set up from a QR code rendered here, confirmed by a first code, and hands out ten recovery codes once", async ({
    browser,
  }) => {
    const person = await newPerson(browser);
    const { page } = person;
    await page.goto("/settings/security");
    await expect(page.getByText("Off.")).toBeVisible();
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    // The QR code is an inline SVG from our own server (no third-party QR service sees the secret).
    const qr = page.getByRole("img", { name: "QR code to scan with your authenticator app" });
    await expect(qr.locator("svg")).toBeVisible();
    const key = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
    const uri = (await page.getByTestId("totp-uri").textContent()) ?? "";
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe("otpauth:");
    expect(decodeURIComponent(parsed.pathname)).toContain(person.email);
    expect(parsed.searchParams.get("secret")).toBe(key);
    expect(parsed.searchParams.get("issuer")).toBe("Gatehouse");

    // Not on until a code proves the app has it.
    await page.getByLabel("Code from your app").fill("000000");
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect(page.getByLabel("Code from your app")).toBeFocused();
    await expect(page.getByText("That code is not right").first()).toBeVisible();

    await page.getByLabel("Code from your app").fill(totpCode(key));
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
    const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download" }).click();
    expect((await download).suggestedFilename()).toBe("gatehouse-recovery-codes.txt");
    await page.getByRole("button", { name: "I have saved them" }).click();
    await expect(page.getByTestId("recovery-codes-left")).toContainText("10 recovery codes left");
    // Shown once: a reload never shows them again.
    await page.reload();
    await expect(page.getByRole("list", { name: "Recovery codes" })).toHaveCount(0);
    await person.context.close();
  });

  test("sign-in asks for a code after the password, and until it is given nothing is signed in", async ({
    browser,
  }) => {
    const person = await newPerson(browser);
    const { key } = await setUpAuthenticator(person.page);
    await signOut(person.page);
    const { page } = person;

    await passPasswordStep(page, person);
    await expect(page.getByText(`Signing in as ${person.email}`)).toBeVisible();
    // The half-signed-in state: a challenge cookie, no session cookie.
    expect(await sessionCookieIn(page)).toBeUndefined();
    // (A keep-alive socket the instance closed at the same moment is retried, not a failure.)
    expect(await (await page.request.get("/api/auth/session", { maxRetries: 2 })).json()).toBeNull();
    for (const path of ["/dashboard", "/settings/security", "/settings/tokens"]) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(307);
      expect(response.headers().location, path).toContain("/signin");
    }
    expect((await page.request.get("/api/v1/articles")).status()).toBe(401);
    // A forged server action with the challenge cookie: refused before it runs.
    const forged = await page.request.post("/settings/tokens", {
      headers: { "next-action": serverActionId("createTokenAction"), origin: E2E_ORIGIN },
      multipart: actionFormBody({ name: "half-state", expiresIn: "7", scopes: "articles:read" }),
      maxRedirects: 0,
    });
    expect(forged.status()).not.toBe(200);
    expect(await forged.text()).not.toContain("gat_");

    await enterCode(page, totpCode(key, 1));
    await expect(page).toHaveURL(/\/dashboard/);
    expect(await sessionCookieIn(page)).toBeDefined();
    await page.goto("/settings/tokens");
    await expect(page.getByText("half-state")).toHaveCount(0);
    await person.context.close();
  });

  test("a code works once: the same code, or a used recovery code, is refused the second time", async ({ browser }) => {
    const person = await newPerson(browser);
    const { key, recoveryCodes } = await setUpAuthenticator(person.page);
    const { page } = person;
    await signOut(page);
    const code = totpCode(key, 1);
    await passPasswordStep(page, person);
    await enterCode(page, code);
    await expect(page).toHaveURL(/\/dashboard/);
    await signOut(page);

    // Seen over a shoulder and typed again at once: refused.
    await passPasswordStep(page, person);
    await enterCode(page, code);
    await expect(page.getByText("That code is not right").first()).toBeVisible();
    expect(await sessionCookieIn(page)).toBeUndefined();

    // A recovery code stands in for the app, once; upper case and spaces do not matter.
    await enterCode(page, ` ${recoveryCodes[0].toUpperCase()} `);
    // Signed in, and told how many codes are left and how to set up again, on the way to the page asked for.
    await expect(page).toHaveURL(/\/settings\/security\?recovered=1&next=%2Fdashboard/);
    await expect(page.getByText("You signed in with a recovery code; 9 are left.")).toBeVisible();
    await page.getByRole("link", { name: "Continue to the page you asked for" }).click();
    await expect(page).toHaveURL(/\/dashboard/);
    await page.goto("/settings/security");
    await expect(page.getByTestId("recovery-codes-left")).toContainText("9 recovery codes left");
    await signOut(page);
    await passPasswordStep(page, person);
    await enterCode(page, recoveryCodes[0]);
    await expect(page.getByText("That code is not right").first()).toBeVisible();
    await person.context.close();
  });

  test("wrong codes are throttled: five end the sign-in, more are paused, and the owner elsewhere still gets in", async ({
    browser,
  }) => {
    const person = await newPerson(browser);
    const { key } = await setUpAuthenticator(person.page);
    const { page } = person;
    await signOut(page);
    await passPasswordStep(page, person);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await enterCode(page, attempt % 2 ? "123456" : "abcde-fghjk");
      await expect(page.getByText("That code is not right").first()).toBeVisible();
    }
    // The fifth wrong code ends this challenge: the password must be given again.
    await enterCode(page, "654321");
    await expect(page).toHaveURL(/\/signin\?secondStep=ended/);
    await expect(page.getByText("Too many wrong codes")).toBeVisible();
    // From this network, the next code is not even checked.
    await passPasswordStep(page, person);
    await enterCode(page, totpCode(key, 1));
    await expect(page.getByText(/Too many codes tried. Wait \d+ minutes?/)).toBeVisible();
    expect(await sessionCookieIn(page)).toBeUndefined();

    // The owner, on another network, is not locked out.
    const elsewhere = await browser.newContext({ extraHTTPHeaders: ownNetwork() });
    const owner = await elsewhere.newPage();
    await passPasswordStep(owner, person);
    await enterCode(owner, totpCode(key, 1));
    await expect(owner).toHaveURL(/\/dashboard/);
    await elsewhere.close();
    await person.context.close();
  });
});

test.describe("dangerous actions need a recent authentication", () => {
  test("an hour-old session confirms with the password before turning two-step sign-in off; a forged call without it is refused", async ({
    browser,
  }) => {
    const person = await newPerson(browser);
    await setUpAuthenticator(person.page);
    const { page } = person;
    await ageSessions(e2eDatabaseUrl(), person.email, 60);

    // The action itself, replayed without the confirmation fields: refused, nothing changes.
    const forged = await page.request.post("/settings/security", {
      headers: { "next-action": serverActionId("removeSecondFactorAction"), origin: E2E_ORIGIN },
      multipart: actionFormBody({}),
    });
    expect(await forged.text()).toContain("confirm it is you");
    await page.goto("/settings/security");
    await expect(page.getByText("On. Signing in with your password")).toBeVisible();

    await page.getByRole("button", { name: "Turn off two-step sign-in" }).click();
    const confirm = page.getByTestId("confirm-identity");
    await expect(confirm).toBeVisible();
    await confirm.getByLabel("Your password").fill("not-my-password-at-all");
    await page.getByRole("button", { name: "Turn off two-step sign-in" }).click();
    await expect(page.getByText("Your current password is not right.").first()).toBeVisible();
    await confirm.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Turn off two-step sign-in" }).click();
    await expect(page.getByText("Off. With it on")).toBeVisible();

    // Confirmed once, the session is fresh again for ten minutes: setting up needs no second prompt.
    await page.goto("/settings/security");
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    await expect(page.getByTestId("totp-enrolment")).toBeVisible();
    await person.context.close();
  });
});

test.describe("roles that must use two-step sign-in (an app of this test's own, with the default: admins)", () => {
  const PORT = 3104;
  const ORIGIN = `http://localhost:${PORT}`;
  let app: { stop: () => Promise<unknown> } | undefined;
  let database: { url: string; drop: () => Promise<unknown> } | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    database = await startOwnDatabase("mfa");
    app = await startInstance(PORT, {
      DATABASE_URL: database.url,
      AUTH_SECRET: E2E_AUTH_SECRET,
      AUTH_URL: ORIGIN,
      AUTH_OIDC_ISSUER: OIDC_ISSUER,
      AUTH_OIDC_ID: OIDC_CLIENT.client_id,
      AUTH_OIDC_SECRET: OIDC_CLIENT.client_secret,
      AUTH_OIDC_NAME: "Loopback ID",
    });
  });
  test.afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  test("an admin without a second factor can only set one up; then everything opens, and sign-in asks for it", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ baseURL: ORIGIN });
    const page = await context.newPage();
    const admin = TEST_PEOPLE.admin;
    await page.goto("/signin");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/settings\/security\?required=1/);
    await page.goto("/admin");
    // The page asked for comes along, to open once the second factor is on.
    await expect(page).toHaveURL(/\/settings\/security\?required=1&next=%2Fadmin$/);
    await expect(page.getByText("Your role (admin) requires two-step sign-in")).toBeVisible();
    for (const path of ["/dashboard", "/settings/tokens", "/admin/users"]) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(307);
      expect(response.headers().location, path).toContain("/settings/security?required=1");
    }
    const session = (await (await page.request.get("/api/auth/session")).json()) as {
      user: { secondFactorMissing: boolean };
    };
    expect(session.user.secondFactorMissing).toBe(true);
    // An admin action, forged: refused with the reason.
    const forged = await page.request.post("/admin/users", {
      headers: { "next-action": serverActionId("changeRoleAction"), origin: ORIGIN },
      multipart: actionFormBody({ personId: "x", role: "user" }),
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain("requires two-step sign-in");

    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    const key = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
    await page.getByLabel("Code from your app").fill(totpCode(key));
    await page.getByRole("button", { name: "Turn on" }).click();
    const codes = page.getByRole("list", { name: "Recovery codes" });
    await expect(codes.getByRole("listitem")).toHaveCount(10);
    const recoveryCodes = await codes.getByRole("listitem").allTextContents();
    // It is on: the QR code, the key and "Cancel setup" are gone, the codes are what is left.
    await expect(page.getByRole("img", { name: "QR code to scan with your authenticator app" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Cancel setup" })).toBeHidden();
    // Once the codes are saved, on to the page asked for, with no "required" banner on the way.
    await page.getByRole("button", { name: "I have saved them: continue" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByText("requires two-step sign-in")).toHaveCount(0);

    // The setting: writers must use it too, from their next request. From a session signed in half an
    // hour ago, saving asks to confirm first, then saves exactly the boxes ticked.
    await ageSessions(database!.url, admin.email, 30);
    await page.goto("/admin/security");
    const rolesForm = page.locator("section", { hasText: "Required two-step sign-in" });
    await rolesForm.getByLabel(/^writer/).check();
    await rolesForm.getByRole("button", { name: "Save" }).click();
    await expect(rolesForm.getByTestId("confirm-identity")).toBeVisible();
    await rolesForm.getByLabel("Your password").fill(admin.password);
    await rolesForm.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Saved. writer, admin must use two-step sign-in")).toBeVisible();
    const writer = await browser.newContext({ baseURL: ORIGIN });
    const writerPage = await writer.newPage();
    await writerPage.goto("/signin");
    await writerPage.getByLabel("Email").fill(TEST_PEOPLE.writer.email);
    await writerPage.getByLabel("Password").fill(TEST_PEOPLE.writer.password);
    await writerPage.getByRole("button", { name: "Sign in" }).click();
    await expect(writerPage).toHaveURL(/\/settings\/security\?required=1/);
    await writerPage.goto("/dashboard/articles/new");
    await expect(writerPage).toHaveURL(/\/settings\/security\?required=1/);
    await writer.close();

    // Signing in again now takes the code.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin\?signedOut=1/);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/signin\/second-step/);
    await enterCode(page, totpCode(key, 1));
    await expect(page).toHaveURL(/\/dashboard/);

    // Through an external provider that vouches for the address, the role still asks for our code.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin\?signedOut=1/);
    await signInWithProvider(page, admin.email);
    await expect(page).toHaveURL(/\/signin\/second-step/);
    // (A keep-alive socket the instance closed at the same moment is retried, not a failure.)
    expect(await (await page.request.get("/api/auth/session", { maxRetries: 2 })).json()).toBeNull();
    await enterCode(page, recoveryCodes[0]);
    await expect(page).toHaveURL(/\/settings\/security\?recovered=1&next=%2Fdashboard/);

    // Every step is in the audit log.
    await page.goto(`/admin/audit?q=${encodeURIComponent(admin.email)}`);
    const log = page.getByTestId("audit-log");
    for (const action of ["mfa.totp_enrolled", "settings.second_factor_roles"])
      await expect(log.locator(`li[data-action="${action}"]`).first()).toBeVisible();
    const signIns = log.locator('li[data-action="auth.sign_in"]');
    await expect(signIns.filter({ hasText: "a password and a code from their authenticator app" })).toHaveCount(1);
    await expect(signIns.filter({ hasText: "single sign-on and a recovery code" })).toHaveCount(1);
    await expect(log.locator('li[data-action="mfa.recovery_code_used"]')).toContainText("9 left");
    await context.close();
  });
});

test("an admin sees who has two-step sign-in and can reset it; the person's sessions end", async ({ browser }) => {
  const person = await newPerson(browser);
  await setUpAuthenticator(person.page);
  const admin = await browser.newContext({ storageState: "tests/e2e/.auth/admin.json" });
  const page = await admin.newPage();
  await page.goto(`/admin/users?q=${encodeURIComponent(person.email)}`);
  await page.getByRole("link", { name: person.email }).first().click();
  await expect(page.getByTestId("second-factor-status")).toHaveText(
    "Two-step sign-in on (authenticator app, 10 recovery codes left)",
  );
  await page.getByRole("button", { name: "Reset two-step sign-in" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Reset" }).click();
  if (await dialog.getByTestId("confirm-identity").isVisible()) {
    await dialog.getByLabel("Your password").fill(TEST_PEOPLE.admin.password);
    await dialog.getByRole("button", { name: "Reset" }).click();
  }
  await expect(page.getByTestId("toast")).toContainText("is reset and their sessions have ended");
  await page.reload();
  await expect(page.getByTestId("second-factor-status")).toHaveText("Two-step sign-in off");
  // Their session ended; they sign in with the password alone now.
  await person.page.goto("/dashboard");
  await expect(person.page).toHaveURL(/\/signin/);
  await signInThroughForm(person.page, person);
  await page.goto(`/admin/audit?q=${encodeURIComponent(person.email)}`);
  await expect(page.getByTestId("audit-log").locator('li[data-action="mfa.reset"]').first()).toBeVisible();
  await admin.close();
  await person.context.close();
});

test("the second step cannot be skipped through Auth.js's own endpoints", async () => {
  const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: { cookies: [], origins: [] } });
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  // Without a challenge cookie, the second-factor provider signs no one in, whatever the code.
  await context.post("/api/auth/callback/second-factor", {
    form: { csrfToken, code: "123456" },
    maxRedirects: 0,
  });
  expect(await (await context.get("/api/auth/session")).json()).toBeNull();
  await context.dispose();
});
