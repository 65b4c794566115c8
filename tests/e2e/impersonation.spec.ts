import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { READ_ONLY_WHILE_VIEWING_AS } from "@/lib/auth/policy";
import { actionFormBody, serverActionId } from "./support/actions";
import { countOf, e2eDatabaseUrl, runSql } from "./support/database";
import { E2E_ORIGIN, TEST_PEOPLE, ownNetwork } from "./support/fixtures";
import { waitForMail } from "./support/mail";
import { newSignedInPerson, signInThroughForm, signUpDirectly } from "./support/sign-in";

// "View as" on the production build: an admin sees Gatehouse as someone, read-only, with a banner,
// for 15 minutes at most; every request is in the audit log under both names with the reason; the
// person viewed is told by mail and sees it in their sessions; nobody views as someone with more.

const PASSWORD = "violet-kettle-orbit-42";
const REASON = "They say the Write button is missing";

async function freshAdminPage(page: Page) {
  await page.context().setExtraHTTPHeaders(ownNetwork());
  await signInThroughForm(page, TEST_PEOPLE.admin);
}

async function viewAs(admin: Page, email: string) {
  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await admin.locator(`tr[data-person="${email}"] a`).first().click();
  const form = admin.locator('form[data-form="view-as"]');
  await form.getByLabel(/^Why/).fill(REASON);
  await form.getByRole("button", { name: /^View as/ }).click();
  await expect(admin).toHaveURL(/\/dashboard$/);
}

test("an admin views as someone: banner, read-only everywhere, both names in the audit log, a mail, and an end", async ({
  browser,
}) => {
  const member = await newSignedInPerson(browser, PASSWORD, "viewed");
  // Halfway through setting up an authenticator app: its secret is theirs alone.
  await member.page.goto("/settings/security");
  await member.page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = (await member.page.getByTestId("totp-secret").textContent())!.trim();
  expect(secret.length).toBeGreaterThan(10);
  const admin = await (await browser.newContext()).newPage();
  await freshAdminPage(admin);
  await viewAs(admin, member.email);

  // The banner, on every page, and the pages as the person sees them.
  const banner = admin.getByTestId("viewing-banner");
  await expect(banner).toContainText(`Viewing as ${member.email}`);
  await expect(banner).toContainText(REASON);
  await expect(banner).toContainText(/1[45] min left/);
  await expect(admin.getByTestId("signed-in-as")).toHaveText(member.email);
  await expect(admin.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await admin.goto("/settings/security");
  await expect(banner).toBeVisible();
  await expect(admin.getByTestId("totp-secret")).toHaveCount(0);
  expect(await admin.content()).not.toContain(secret);
  await admin.goto("/settings/tokens");
  await expect(banner).toBeVisible();

  // Read-only: the form says so, and a forged post changes nothing either.
  await admin.getByRole("button", { name: "Generate new token" }).click();
  await admin.getByLabel("Name").fill("taken while viewing");
  await admin.getByRole("button", { name: "Create token" }).click();
  await expect(admin.getByText(READ_ONLY_WHILE_VIEWING_AS)).toBeVisible();
  const forged = await admin.request.post("/settings/account", {
    headers: { "next-action": serverActionId("renameAction"), origin: E2E_ORIGIN },
    multipart: actionFormBody({ name: "Renamed by the viewer" }),
  });
  expect(await forged.text()).toContain(READ_ONLY_WHILE_VIEWING_AS);
  expect(
    await countOf(e2eDatabaseUrl(), `SELECT COUNT(*) FROM "User" WHERE "name" = 'Renamed by the viewer'`, []),
  ).toBe(0);

  // The person viewed: a mail, and the viewing in their sessions.
  const mail = await waitForMail(member.email, /viewing Gatehouse as you/);
  expect(mail.text).toContain(REASON);
  await member.page.goto("/settings/sessions");
  await expect(member.page.getByTestId("viewed-as-you")).toContainText(TEST_PEOPLE.admin.name);
  await expect(member.page.getByTestId("viewed-as-you")).toContainText("still viewing");

  // Stop: back to the person's page, as the admin.
  await admin.goto("/dashboard");
  await admin.getByRole("button", { name: "Stop viewing" }).click();
  await expect(admin).toHaveURL(/\/admin\/users\/[\w-]+$/);
  await expect(admin.getByTestId("viewing-banner")).toHaveCount(0);
  await expect(admin.getByTestId("signed-in-as")).toHaveText(TEST_PEOPLE.admin.name);

  // The audit log: the start, each page as "Ada Admin as <them>", the refusals, the end.
  await admin.goto(`/admin/audit?q=${encodeURIComponent(member.email)}`);
  const log = admin.getByTestId("audit-log");
  await expect(log).toContainText(`${TEST_PEOPLE.admin.name} started viewing as`);
  await expect(log).toContainText(`${TEST_PEOPLE.admin.name} as`);
  await expect(log).toContainText("opened /settings/tokens");
  await expect(log).toContainText("a change was refused");
  await expect(log).toContainText(`${TEST_PEOPLE.admin.name} stopped viewing as`);

  // Fifteen minutes at most: a viewing whose time is up is over at the next request.
  await viewAs(admin, member.email);
  await runSql(
    e2eDatabaseUrl(),
    `UPDATE "Impersonation" SET "endsAt" = "startedAt" WHERE "endedAt" IS NULL AND "targetId" =
     (SELECT "id" FROM "User" WHERE "email" = ?)`,
    [member.email],
  );
  await admin.goto("/dashboard");
  await expect(admin.getByTestId("viewing-banner")).toHaveCount(0);
  await expect(admin.getByTestId("signed-in-as")).toHaveText(TEST_PEOPLE.admin.name);
  await admin.context().close();
  await member.context.close();
});

test("nobody views as someone with more power: not offered, and a forged start is refused", async ({ browser }) => {
  // A helper role: view as people and manage their access, nothing more (two-step sign-in lifted for it).
  const admin = await (await browser.newContext()).newPage();
  await freshAdminPage(admin);
  const name = `helper-${randomUUID().slice(0, 6)}`;
  await runSql(
    e2eDatabaseUrl(),
    `INSERT INTO "Role" ("name", "label", "description", "capabilities", "createdAt", "updatedAt")
     VALUES (?, ?, '', 'impersonate manage-access', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
    [name, `Helper ${name.slice(-6)}`],
  );
  const helper = { email: `helper-${randomUUID().slice(0, 8)}@example.test`, password: PASSWORD };
  await signUpDirectly(helper);
  await runSql(e2eDatabaseUrl(), `UPDATE "User" SET "role" = ? WHERE "email" = ?`, [name, helper.email]);
  await admin.goto("/admin/security");
  const settings = admin.locator('form[data-form="second-factor-roles"]');
  await settings.getByLabel(new RegExp(`^Helper ${name.slice(-6)} \\(`)).uncheck();
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(settings.getByRole("status")).toContainText("Saved");

  const context = await browser.newContext({ extraHTTPHeaders: ownNetwork() });
  const page = await context.newPage();
  await signInThroughForm(page, helper);
  await page.goto(`/admin/users?q=${encodeURIComponent(TEST_PEOPLE.admin.email)}`);
  await page.locator(`tr[data-person="${TEST_PEOPLE.admin.email}"] a`).first().click();
  await expect(page).toHaveURL(/\/admin\/users\/[\w-]+$/);
  await expect(page.getByTestId("person-summary")).toBeVisible();
  await expect(page.locator('form[data-form="view-as"]')).toHaveCount(0);
  const adminId = page.url().split("/").pop()!;
  const forged = await page.request.post(`/admin/users/${adminId}`, {
    headers: { "next-action": serverActionId("startViewingAction"), origin: E2E_ORIGIN },
    multipart: actionFormBody({ personId: adminId, reason: "I would like to see the admin panel" }),
    maxRedirects: 0,
  });
  expect(await forged.text()).toContain("nobody views as someone with more");
  await page.goto("/dashboard");
  await expect(page.getByTestId("viewing-banner")).toHaveCount(0);
  await context.close();
  await admin.context().close();
});
