import { request as apiRequest, expect, test, type Browser, type Page } from "@playwright/test";
import { actionFormBody, serverActionId } from "./support/actions";
import { ageSessions, e2eDatabaseUrl, runSql } from "./support/database";
import { E2E_ORIGIN, ownNetwork } from "./support/fixtures";
import { setUpAuthenticator } from "./support/second-factor";
import { newSignedInPerson } from "./support/sign-in";

// Issue 35 item 1: every form whose action asks for a recent authentication ("sudo mode",
// lib/auth/session/fresh-authentication.ts) asks to confirm from a session signed in 30 minutes ago,
// and then goes ahead with exactly what was sent the first time: the role picked, the boxes ticked,
// the text typed. One test per form, as the person does it; one more without JavaScript, where the
// server echoes the submission instead of the browser keeping it. The mechanism is the same on every
// database, so this runs in one pass (playwright.config.ts). Changing the email address or the
// password asks for the current password in the form itself, every time, so it has no second step.
// The roles that must use two-step sign-in change the whole app's behaviour, so their form is
// confirmed on an instance of its own in second-factor.spec.ts.

const PASSWORD = "violet-kettle-orbit-42";

const newPerson = (browser: Browser) => newSignedInPerson(browser, PASSWORD, "sudo");

/** Someone new made an admin, whose session was signed in half an hour ago. */
async function oldAdminSession(browser: Browser) {
  const admin = await newPerson(browser);
  await runSql(e2eDatabaseUrl(), `UPDATE "User" SET "role" = 'admin' WHERE "email" = ?`, [admin.email]);
  await ageSessions(e2eDatabaseUrl(), admin.email, 30);
  return admin;
}

/** Confirms with the password inside `scope` (a dialog, a card or the page) and presses `button` again. */
async function confirmWithPassword(scope: Page | ReturnType<Page["locator"]>, button: string) {
  await expect(scope.getByTestId("confirm-identity")).toBeVisible();
  await scope.getByLabel("Your password").fill(PASSWORD);
  await scope.getByRole("button", { name: button, exact: true }).click();
}

/** Registers an app in settings from a fresh session; returns its card on the settings page. */
async function registerApp(page: Page, name: string) {
  await page.goto("/settings/apps");
  await page.getByRole("button", { name: "Register an app" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Redirect URIs").fill("https://confirmed.example/callback");
  await page.getByRole("button", { name: "Register app" }).click();
  const clientId = (await page.getByTestId("new-client-id").textContent())!.trim();
  await page.getByRole("button", { name: "Done" }).click();
  return { clientId, card: page.locator(`[data-app-id="${clientId}"]`) };
}

test.describe("from a session signed in half an hour ago, a dangerous form asks to confirm, then does what was sent", () => {
  test("creating an API token from an old session asks to confirm, then goes ahead with what was typed", async ({
    browser,
  }) => {
    const person = await newPerson(browser);
    const { page } = person;
    await ageSessions(e2eDatabaseUrl(), person.email, 30);
    await page.goto("/settings/tokens");
    await page.getByRole("button", { name: "Generate new token" }).click();
    await page.getByLabel("Name").fill("deploy script");
    await page.getByRole("button", { name: "Create token" }).click();
    // The confirmation sends again exactly what was sent: the form's fields step aside meanwhile.
    await expect(page.getByTestId("confirm-identity")).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveCount(0);
    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByTestId("new-token")).toContainText("gat_");
    await expect(page.getByText("Token “deploy script” created.")).toBeVisible();
    await person.context.close();
  });

  test("registering an OAuth app from an old session asks to confirm, then registers what was typed", async ({
    browser,
  }) => {
    const person = await newPerson(browser);
    const { page } = person;
    await ageSessions(e2eDatabaseUrl(), person.email, 30);
    await page.goto("/settings/apps");
    await page.getByRole("button", { name: "Register an app" }).click();
    await page.getByLabel("Name").fill("Confirmed app");
    await page.getByLabel("Redirect URIs").fill("https://confirmed.example/callback");
    await page.getByLabel(/^articles:write/).check();
    await page.getByRole("button", { name: "Register app" }).click();
    await expect(page.getByTestId("confirm-identity")).toBeVisible();
    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Register app" }).click();
    await expect(page.getByTestId("shown-once")).toContainText("App “Confirmed app” registered.");
    await expect(page.getByTestId("client-secret")).toHaveText(/^gas_/);
    // What was ticked came through the confirmation too.
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.locator("[data-app-id]").filter({ hasText: "Confirmed app" })).toContainText("articles:write");
    await person.context.close();
  });

  test("ending a person's sessions from an old session asks to confirm, and keeps the box as it was left", async ({
    browser,
  }) => {
    const target = await newPerson(browser);
    const token = await target.page.request.post("/settings/tokens", {
      headers: { "next-action": serverActionId("createTokenAction"), origin: E2E_ORIGIN },
      multipart: actionFormBody({ name: "kept", expiresIn: "7", scopes: "articles:read" }),
    });
    const secret = (await token.text()).match(/gat_[\w-]{43}/)![0];
    const admin = await newPerson(browser);
    await runSql(e2eDatabaseUrl(), `UPDATE "User" SET "role" = 'admin' WHERE "email" = ?`, [admin.email]);
    await ageSessions(e2eDatabaseUrl(), admin.email, 30);
    const { page } = admin;
    await page.goto(`/admin/users?q=${encodeURIComponent(target.email)}`);
    await page
      .locator(`tr[data-person="${target.email}"]`)
      .getByRole("button", { name: "End sessions", exact: true })
      .click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Also revoke API tokens and app access").uncheck();
    await dialog.getByRole("button", { name: "End sessions" }).click();
    await expect(dialog.getByTestId("confirm-identity")).toBeVisible();
    await dialog.getByLabel("Your password").fill(PASSWORD);
    await dialog.getByRole("button", { name: "End sessions" }).click();
    await expect(page.getByTestId("toast")).toContainText("Their API tokens and app access still work.");
    const api = await apiRequest.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
    expect((await api.get(`${E2E_ORIGIN}/api/v1/articles`)).status()).toBe(200);
    await Promise.all([api.dispose(), target.context.close(), admin.context.close()]);
  });

  test("changing a role from an old session asks to confirm, then changes to the role picked, said once", async ({
    browser,
  }) => {
    const target = await newPerson(browser);
    const admin = await newPerson(browser);
    await runSql(e2eDatabaseUrl(), `UPDATE "User" SET "role" = 'admin' WHERE "email" = ?`, [admin.email]);
    await ageSessions(e2eDatabaseUrl(), admin.email, 30);
    const { page } = admin;
    await page.goto(`/admin/users?q=${encodeURIComponent(target.email)}`);
    await page
      .locator(`tr[data-person="${target.email}"]`)
      .getByRole("button", { name: "Change role", exact: true })
      .click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("New role").selectOption("editor");
    await dialog.getByRole("button", { name: "Change role" }).click();
    await expect(dialog.getByTestId("confirm-identity")).toBeVisible();
    // Why it asks is said once, in the confirmation itself.
    await expect(dialog.getByText(/confirm it is you/i)).toHaveCount(2);
    await expect(dialog.getByRole("alert")).toHaveCount(1);
    await dialog.getByLabel("Your password").fill(PASSWORD);
    await dialog.getByRole("button", { name: "Change role" }).click();
    await expect(page.getByTestId("toast")).toContainText(`${target.email} is now editor.`);
    await Promise.all([target.context.close(), admin.context.close()]);
  });
  test("an app's owner editing it confirms, then the name typed is saved", async ({ browser }) => {
    const person = await newPerson(browser);
    const { page } = person;
    const { card } = await registerApp(page, "Before edit");
    await ageSessions(e2eDatabaseUrl(), person.email, 30);
    await page.reload();
    await card.getByRole("button", { name: "Edit" }).click();
    await card.getByLabel("Name").fill("After edit");
    await card.getByRole("button", { name: "Save changes" }).click();
    await expect(card.getByLabel("Name")).toHaveCount(0);
    await confirmWithPassword(card, "Save changes");
    await expect(card.getByText("Saved “After edit”")).toBeVisible();
    await page.reload();
    await expect(card.getByRole("heading", { name: "After edit" })).toBeVisible();
    await person.context.close();
  });

  test("a new client secret confirms, then is shown once", async ({ browser }) => {
    const person = await newPerson(browser);
    const { page } = person;
    const { card } = await registerApp(page, "Second secret");
    await ageSessions(e2eDatabaseUrl(), person.email, 30);
    await page.reload();
    await card.getByRole("button", { name: "New secret" }).click();
    await confirmWithPassword(card, "New secret");
    await expect(card.getByTestId("client-secret")).toHaveText(/^gas_/);
    await person.context.close();
  });

  test("disabling a person confirms, then they are out", async ({ browser }) => {
    const target = await newPerson(browser);
    const admin = await oldAdminSession(browser);
    const { page } = admin;
    await page.goto(`/admin/users?q=${encodeURIComponent(target.email)}`);
    await page.locator(`tr[data-person="${target.email}"]`).getByRole("button", { name: "Disable" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Disable account" }).click();
    await confirmWithPassword(dialog, "Disable account");
    await expect(page.getByTestId("toast")).toContainText(target.email);
    await target.page.goto("/dashboard");
    await expect(target.page).toHaveURL(/\/signin/);
    await Promise.all([target.context.close(), admin.context.close()]);
  });

  test("resetting a person's two-step sign-in confirms, then it is off", async ({ browser }) => {
    const target = await newPerson(browser);
    await setUpAuthenticator(target.page);
    const admin = await oldAdminSession(browser);
    const { page } = admin;
    await page.goto(`/admin/users?q=${encodeURIComponent(target.email)}`);
    await page.getByRole("link", { name: target.email }).first().click();
    await page.getByRole("button", { name: "Reset two-step sign-in" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Reset" }).click();
    await confirmWithPassword(dialog, "Reset");
    await expect(page.getByTestId("toast")).toContainText("is reset and their sessions have ended");
    await page.reload();
    await expect(page.getByTestId("second-factor-status")).toHaveText("Two-step sign-in off");
    await Promise.all([target.context.close(), admin.context.close()]);
  });

  test("an app's settings confirm, then every field sent is saved (a box ticked, a lifetime typed)", async ({
    browser,
  }) => {
    const admin = await newPerson(browser);
    await runSql(e2eDatabaseUrl(), `UPDATE "User" SET "role" = 'admin' WHERE "email" = ?`, [admin.email]);
    const { page } = admin;
    const { clientId } = await registerApp(page, "Settings app");
    await ageSessions(e2eDatabaseUrl(), admin.email, 30);
    await page.goto("/admin/apps");
    const card = page.locator(`[data-app-id="${clientId}"]`);
    await card.getByLabel(/First-party/).check();
    await card.getByLabel(/Access-token lifetime/).fill("5");
    await card.getByRole("button", { name: "Save settings" }).click();
    await confirmWithPassword(card, "Save settings");
    await expect(card.getByText("Saved the settings")).toBeVisible();
    await page.reload();
    await expect(card.getByLabel(/First-party/)).toBeChecked();
    await expect(card.getByLabel(/Access-token lifetime/)).toHaveValue("5");
    await admin.context.close();
  });

  test("new recovery codes confirm, then ten new ones are shown", async ({ browser }) => {
    const person = await newPerson(browser);
    const { page } = person;
    const { recoveryCodes } = await setUpAuthenticator(page);
    await ageSessions(e2eDatabaseUrl(), person.email, 30);
    await page.goto("/settings/security");
    await page.getByRole("button", { name: "Generate new recovery codes" }).click();
    await confirmWithPassword(page, "Generate new recovery codes");
    const list = page.getByRole("list", { name: "Recovery codes" });
    await expect(list.getByRole("listitem")).toHaveCount(10);
    expect(await list.getByRole("listitem").allTextContents()).not.toEqual(recoveryCodes);
    await person.context.close();
  });
});

test("without JavaScript, the confirmation still sends what was chosen: the server echoes it", async ({ browser }) => {
  const admin = await newPerson(browser);
  await runSql(e2eDatabaseUrl(), `UPDATE "User" SET "role" = 'admin' WHERE "email" = ?`, [admin.email]);
  const { clientId } = await registerApp(admin.page, "No script app");
  await ageSessions(e2eDatabaseUrl(), admin.email, 30);
  const context = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await admin.context.storageState(),
    extraHTTPHeaders: ownNetwork(),
  });
  const page = await context.newPage();
  await page.goto("/admin/apps");
  const card = page.locator(`[data-app-id="${clientId}"]`);
  await card.getByLabel(/First-party/).check();
  await card.getByLabel(/Access-token lifetime/).fill("7");
  await card.getByRole("button", { name: "Save settings" }).click();
  await confirmWithPassword(page.locator(`[data-app-id="${clientId}"]`), "Save settings");
  await expect(page.locator(`[data-app-id="${clientId}"]`).getByText("Saved the settings")).toBeVisible();
  await page.goto("/admin/apps");
  await expect(card.getByLabel(/First-party/)).toBeChecked();
  await expect(card.getByLabel(/Access-token lifetime/)).toHaveValue("7");
  await Promise.all([context.close(), admin.context.close()]);
});
