import { randomUUID } from "node:crypto";
import { request as apiRequest, expect, test, type Locator, type Page } from "@playwright/test";
import { adminAct } from "./support/admin";
import { actionFormBody, serverActionId } from "./support/actions";
import { E2E_ORIGIN, TEST_PEOPLE, ownNetwork } from "./support/fixtures";
import { signInThroughForm, signUpDirectly } from "./support/sign-in";

// Roles admins define (Admin → Roles), end to end on the production build: a role made in the
// panel, given to a person, who can then do exactly what it carries, on pages, actions and the
// API; an edit to the role binds at their next request and on their token; and nobody hands on a
// power they do not hold, through the forms or around them.

const PASSWORD = "violet-kettle-orbit-42";

/** Submits a form, confirming with the password first when the session is not recent (as a person would). */
async function submit(form: Locator, button: string, password: string) {
  await form.getByRole("button", { name: button }).click();
  const confirm = form.getByTestId("confirm-identity");
  const outcome = form
    .getByRole("status")
    .or(form.getByRole("alert"))
    .filter({ hasNotText: "confirm it is you" })
    .first();
  await expect(confirm.or(outcome).first()).toBeVisible();
  if (await confirm.isVisible()) {
    await confirm.getByLabel("Your password").fill(password);
    await form.getByRole("button", { name: button }).click();
  }
  await expect(outcome).toBeVisible();
  return (await outcome.textContent()) ?? "";
}

async function adminInBrowser(page: Page) {
  await page.context().setExtraHTTPHeaders(ownNetwork());
  await signInThroughForm(page, TEST_PEOPLE.admin);
}

async function createRoleInPanel(page: Page, name: string, label: string, capabilities: string[]) {
  await page.goto("/admin/roles");
  const form = page.locator('form[data-form="new-role"]');
  await form.getByLabel(/^Short name/).fill(name);
  await form.getByLabel("Name people read").fill(label);
  for (const capability of capabilities) await form.getByLabel(new RegExp(`^${capability}:`)).check();
  return submit(form, "Create role", TEST_PEOPLE.admin.password);
}

async function editRoleInPanel(page: Page, name: string, capabilities: Record<string, boolean>) {
  await page.goto(`/admin/roles/${name}`);
  const form = page.locator('form[data-form="edit-role"]');
  for (const [capability, ticked] of Object.entries(capabilities))
    await form.getByLabel(new RegExp(`^${capability}:`)).setChecked(ticked);
  return submit(form, "Save", TEST_PEOPLE.admin.password);
}

/**
 * A role made to manage people must use two-step sign-in until an admin says otherwise (Admin →
 * Security): the box is ticked by default. These tests are about what the role carries, so the
 * admin unticks it, as they could.
 */
async function exemptFromSecondFactor(admin: Page, label: string) {
  await admin.goto("/admin/security");
  const settings = admin.locator('form[data-form="second-factor-roles"]');
  const box = settings.getByLabel(new RegExp(`^${label} \\(`));
  await expect(box, `${label} must use two-step sign-in by default`).toBeChecked();
  await box.uncheck();
  expect(await submit(settings, "Save", TEST_PEOPLE.admin.password)).toContain("Saved");
}

async function newPerson(prefix: string) {
  const person = { email: `${prefix}-${randomUUID().slice(0, 8)}@example.test`, password: PASSWORD };
  await signUpDirectly(person);
  return person;
}

async function mintWriteToken(page: Page) {
  const response = await page.request.post("/settings/tokens", {
    headers: { "next-action": serverActionId("createTokenAction"), origin: E2E_ORIGIN },
    multipart: actionFormBody({ name: `t-${randomUUID().slice(0, 6)}`, expiresIn: "30", scopes: "articles:write" }),
  });
  const token = (await response.text()).match(/gat_[A-Za-z0-9_-]{43}/)?.[0];
  expect(token, "token minted").toBeDefined();
  return token!;
}

async function postArticle(token: string) {
  const api = await apiRequest.newContext({
    baseURL: E2E_ORIGIN,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const status = (
    await api.post("/api/v1/articles", { data: { title: "From support", body: "Written by a token." } })
  ).status();
  await api.dispose();
  return status;
}

test("an admin makes a support role and gives it: its holder can do exactly that, and an edit binds at their next request and on their token", async ({
  browser,
}) => {
  const admin = await (await browser.newContext()).newPage();
  await adminInBrowser(admin);
  const name = `support-${randomUUID().slice(0, 6)}`;
  const label = `Support ${name.slice(-6)}`;
  expect(await createRoleInPanel(admin, name, label, ["create", "manage-access"])).toContain("is ready");
  await expect(admin.locator(`tr[data-role="${name}"]`)).toContainText("read, create, manage-access");
  await exemptFromSecondFactor(admin, label);

  const staff = await newPerson("staff");
  const member = await newPerson("member");
  expect(await adminAct(admin, staff.email, "Change role", name)).toBe(`${staff.email} is now ${name}.`);
  await admin.goto(`/admin/roles/${name}`);
  await expect(admin.getByTestId("role-holders")).toContainText(staff.email);

  // The holder: the People tab, and nothing else of the panel.
  const context = await browser.newContext({ extraHTTPHeaders: ownNetwork() });
  const page = await context.newPage();
  await signInThroughForm(page, staff);
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "People", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  for (const path of ["/admin/audit", "/admin/roles", "/admin/security"])
    expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
  // Ending someone's sessions: what the role is for.
  expect(await adminAct(page, member.email, "End sessions")).toContain(`Every session of ${member.email} has ended`);
  // Not an admin's: the admin holds what support does not.
  expect(await adminAct(page, TEST_PEOPLE.admin.email, "End sessions")).toContain("holds what your role does not");
  // No role control: support cannot change roles.
  await page.goto(`/admin/users?q=${encodeURIComponent(member.email)}`);
  await expect(
    page.locator(`tr[data-person="${member.email}"]`).getByRole("button", { name: "Change role" }),
  ).toHaveCount(0);
  const token = await mintWriteToken(page);
  expect(await postArticle(token)).toBe(201);

  // The admin takes manage-access and create away: the next request and the token know at once.
  expect(await editRoleInPanel(admin, name, { "manage-access": false, create: false })).toContain("Saved");
  expect((await page.request.get("/admin/users", { maxRedirects: 0 })).status()).toBe(403);
  expect(await postArticle(token)).toBe(403);
  const entry = await admin.request.get(`/admin/audit?event=role.changed`);
  expect(await entry.text()).toContain(`changed the role ${name}: removed create, manage-access`);
  await context.close();
  await admin.context().close();
});

test("nobody hands on a power they lack: a role manager without security powers is refused, forms and forged posts alike", async ({
  browser,
}) => {
  const admin = await (await browser.newContext()).newPage();
  await adminInBrowser(admin);
  const keeper = `keeper-${randomUUID().slice(0, 6)}`;
  const label = `Keeper ${keeper.slice(-6)}`;
  expect(await createRoleInPanel(admin, keeper, label, ["manage-roles", "change-roles"])).toContain("is ready");
  await exemptFromSecondFactor(admin, label);
  const person = await newPerson("keeper");
  expect(await adminAct(admin, person.email, "Change role", keeper)).toBe(`${person.email} is now ${keeper}.`);

  const again = await browser.newContext({ extraHTTPHeaders: ownNetwork() });
  const keeperPage = await again.newPage();
  await signInThroughForm(keeperPage, person);
  const name = `r-${randomUUID().slice(0, 6)}`;
  expect(await createRoleInPanel(keeperPage, name, "Too much", ["manage-security"])).toContain(
    "carries what your role does not: manage-security",
  );
  // The select offers only roles it could give; a forged post for admin is refused all the same.
  await keeperPage.goto(`/admin/users?q=${encodeURIComponent(person.email)}`);
  // People opens to changing roles too, with the role control only, offering what it could give.
  const row = keeperPage.locator(`tr[data-person="${person.email}"]`);
  await expect(row.getByRole("button", { name: "Change role" })).toBeVisible();
  await expect(row.getByRole("button", { name: "Disable" })).toHaveCount(0);
  await row.getByRole("button", { name: "Change role" }).click();
  const options = await keeperPage.getByRole("dialog").getByLabel("New role").locator("option").allTextContents();
  expect(options.some((option) => option.startsWith("admin"))).toBe(false);
  const forged = await keeperPage.request.post("/admin/users", {
    headers: { "next-action": serverActionId("changeRoleAction"), origin: E2E_ORIGIN },
    multipart: actionFormBody({ personId: await personId(admin, person.email), role: "admin" }),
  });
  expect(await forged.text()).toContain("carries what your role does not");
  const session = (await (await keeperPage.request.get("/api/auth/session")).json()) as { user: { role: string } };
  expect(session.user.role).toBe(keeper);
  expect((await keeperPage.request.get("/admin/roles")).status()).toBe(200);
  expect(await admin.request.get(`/admin/roles/${name}`).then((answer) => answer.status())).toBe(404);
  await again.close();
  await admin.context().close();
});

async function personId(admin: Page, email: string) {
  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const href = await admin.locator(`tr[data-person="${email}"] a`).first().getAttribute("href");
  return href!.split("/").pop()!;
}
