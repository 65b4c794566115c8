import { expect, test, type Browser } from "@playwright/test";
import { startInstance, startOwnDatabase } from "../support/app-instances.mjs";
import { runSql, storedDate } from "./support/database";
import { E2E_AUTH_SECRET, TEST_PEOPLE } from "./support/fixtures";

// Issue 32 item 4 and issue 35 item 6, as an admin and an app's owner see them: with Admin → Security
// holding new apps, an app someone registers says "waiting for approval", cannot start a sign-in
// (the person is told why, in their words), and works once an admin approves it under Admin → Apps.
// The setting changes what every registration does, so this runs on an instance and database of its
// own. The rules one by one are in tests/integration/app-review.test.ts.

const PORT = 3106;
const ORIGIN = `http://localhost:${PORT}`;
const CALLBACK = "http://127.0.0.1:3999/callback";
let app: { stop: () => Promise<unknown> } | undefined;
let database: { url: string; drop: () => Promise<unknown> } | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await startOwnDatabase("review");
  app = await startInstance(PORT, { DATABASE_URL: database.url, AUTH_SECRET: E2E_AUTH_SECRET, AUTH_URL: ORIGIN });
  // No role must set up two-step sign-in here: the demo admin signs in with the password alone.
  await runSql(database.url, `DELETE FROM "Setting" WHERE "key" = ?`, ["second-factor.required-roles"]);
  await runSql(
    database.url,
    `INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('second-factor.required-roles', '[]', ?)`,
    [storedDate(new Date(), database.url)],
  );
});
test.afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

async function signedIn(browser: Browser, who: { email: string; password: string }) {
  const context = await browser.newContext({ baseURL: ORIGIN, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard|\/admin/);
  return { context, page };
}

test("a held app waits for an admin: its owner sees so, a sign-in through it is refused, and approval opens it", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const admin = await signedIn(browser, TEST_PEOPLE.admin);
  await admin.page.goto("/admin/security");
  const newApps = admin.page.locator("section", { hasText: "New apps" });
  await newApps.getByLabel("Hold apps people register until an admin approves them").check();
  await newApps.getByRole("button", { name: "Save" }).click();
  await expect(admin.page.getByText("Saved. Apps people register from now on wait")).toBeVisible();

  const owner = await signedIn(browser, TEST_PEOPLE.writer);
  await owner.page.goto("/settings/apps");
  await owner.page.getByRole("button", { name: "Register an app" }).click();
  await owner.page.getByLabel("Name").fill("Held app");
  await owner.page.getByLabel("Redirect URIs").fill(CALLBACK);
  await owner.page.getByLabel(/Single-page, mobile/).check();
  await owner.page.getByLabel(/^articles:read/).check();
  await owner.page.getByRole("button", { name: "Register app" }).click();
  await expect(owner.page.getByTestId("shown-once")).toContainText("waits for an admin's approval");
  const clientId = (await owner.page.getByTestId("new-client-id").textContent())!.trim();
  await owner.page.getByRole("button", { name: "Done" }).click();
  const card = owner.page.locator(`[data-app-id="${clientId}"]`);
  await expect(card.getByTestId("app-review")).toHaveText("waiting for approval");

  // Someone sent through it is told why it cannot go on; the provider knows no such client yet.
  const authorize = () =>
    `${ORIGIN}/api/oauth/auth?${new URLSearchParams({
      client_id: clientId,
      response_type: "code",
      redirect_uri: CALLBACK,
      scope: "openid articles:read",
      code_challenge: "x".repeat(43),
      code_challenge_method: "S256",
      state: "s",
    })}`;
  await owner.page.goto(authorize());
  await expect(owner.page.getByRole("alert")).toHaveText(
    "This app is waiting for your organisation's admin to approve it. Nothing was shared with it.",
  );

  // The admin sees who asked, where it sends people and what it asks for, and approves it.
  await admin.page.goto("/admin/apps");
  const review = admin.page.locator(`[data-app-id="${clientId}"]`);
  await expect(review.getByTestId("app-review-details")).toContainText(TEST_PEOPLE.writer.email);
  await expect(review.getByTestId("app-review-details")).toContainText(CALLBACK);
  await review.getByRole("button", { name: "Approve" }).click();
  await admin.page.getByRole("dialog").getByRole("button", { name: "Approve app" }).click();
  await expect(admin.page.getByTestId("toast")).toContainText("“Held app” is approved");

  await owner.page.goto("/settings/apps");
  await expect(card.getByTestId("app-review")).toHaveCount(0);
  await owner.page.goto(authorize());
  await expect(owner.page.getByTestId("consent-app")).toHaveText("Held app");
  await Promise.all([admin.context.close(), owner.context.close()]);
});
