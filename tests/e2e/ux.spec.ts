import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { GATEHOUSE_ITSELF, newPerson } from "./support/action-scenarios";
import { actionFormBody, serverActionId } from "./support/actions";
import { NO_COOKIES, TEST_PEOPLE, storageStatePath } from "./support/fixtures";
import { signUpDirectly } from "./support/sign-in";
import { openTokenForm } from "./support/tokens";

// What a person sees after they act, and whether they can tell where they are and what they may do.

const focusedElement = (page: Page) =>
  page.evaluate(() => ({
    tag: document.activeElement?.tagName,
    name: document.activeElement?.getAttribute("name"),
    region: document.activeElement?.hasAttribute("data-focus-region"),
  }));

test.describe("feedback after an action", () => {
  test("revoking a token is announced at page level, focus stays with the list, and the new token's secret leaves the screen", async ({
    browser,
  }) => {
    const person = await newPerson();
    const context = await browser.newContext({ storageState: await person.request.storageState() });
    const page = await context.newPage();
    await page.goto("/settings/tokens");
    await openTokenForm(page);
    const name = `Short-lived ${randomUUID().slice(0, 6)}`;
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByLabel("New token")).toHaveText(/^gat_/);
    // The new token's row is pointed out.
    const row = page.getByTestId("token-table").locator(`tr[data-token="${name}"]`);
    await expect(row).toHaveAttribute("data-new", "");

    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
    await expect(
      page
        .getByRole("status")
        .getByTestId("toast")
        .filter({ hasText: `Token “${name}” is revoked; it stops working at once.` }),
    ).toBeVisible();
    await expect(page.getByLabel("New token")).toHaveCount(0);
    await expect.poll(() => focusedElement(page)).toMatchObject({ region: true });
    await context.close();
  });

  test("deleting an article is announced and keeps focus in the list", async ({ browser }) => {
    const writer = await browser.newContext({ storageState: storageStatePath("writer") });
    const title = `To delete ${randomUUID().slice(0, 6)}`;
    await writer.request.post("/dashboard/articles/new", {
      headers: { "next-action": serverActionId("createArticleAction"), ...GATEHOUSE_ITSELF },
      multipart: actionFormBody({ title, body: "Short-lived." }),
    });
    await writer.close();
    const admin = await browser.newContext({ storageState: storageStatePath("admin") });
    const page = await admin.newPage();
    await page.goto("/dashboard");
    await page.getByTestId("article").filter({ hasText: title }).getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete article" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "Article deleted." })).toBeVisible();
    await expect(page.getByTestId("article").filter({ hasText: title })).toHaveCount(0);
    await expect.poll(() => focusedElement(page)).toMatchObject({ region: true });
    await admin.close();
  });

  test("after a refused submit, focus goes to the first field in error", async ({ browser }) => {
    const writer = await browser.newContext({ storageState: storageStatePath("writer") });
    const page = await writer.newPage();
    await page.goto("/dashboard/articles/new");
    await page.getByLabel("Body").fill("A body without a title.");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByLabel("Title")).toBeFocused();
    await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
    await writer.close();
  });
});

test.describe("reading articles", () => {
  for (const [role, controls] of [
    ["user", []],
    ["editor", ["Edit"]],
    ["admin", ["Edit", "Delete"]],
  ] as const) {
    test(`a ${role} opens an article, reads all of it, and sees only the controls the role allows`, async ({
      browser,
    }) => {
      const context = await browser.newContext({ storageState: storageStatePath(role) });
      const page = await context.newPage();
      await page.goto("/dashboard");
      await page
        .getByTestId("article")
        .filter({ hasText: "Security checklist for new starters" })
        .getByRole("link", { name: "Security checklist for new starters" })
        .click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Security checklist for new starters");
      await expect(page.getByTestId("article-body")).toContainText("Lost a laptop? Tell an admin");
      expect(await page.getByTestId("article-body").locator("p").count()).toBeGreaterThan(2);
      const shown = await page
        .getByTestId("article-controls")
        .getByRole("link")
        .or(page.getByTestId("article-controls").getByRole("button"))
        .allTextContents()
        .catch(() => []);
      expect(shown.map((text) => text.trim())).toEqual([...controls]);
      await context.close();
    });
  }
});

test.describe("where am I and what may I do", () => {
  test("the 403 page names the capability the page needs, the first role with it, and who can grant it", async ({
    browser,
  }) => {
    const context = await browser.newContext({ storageState: storageStatePath("user") });
    const page = await context.newPage();
    const response = await page.goto("/editor");
    expect(response!.status()).toBe(403);
    await expect(page.getByTestId("access-needed")).toHaveText(
      "This page needs the update capability, to edit anyone's articles. The editor role is the first that has it. An admin can change your role under Admin → People.",
    );
    await context.close();
  });

  test("the home page says what each role adds to the one before it, read from the policy", async ({ browser }) => {
    const context = await browser.newContext({ storageState: NO_COOKIES });
    const page = await context.newPage();
    await page.goto("/");
    const roles = page.getByRole("listitem").filter({ has: page.getByTestId("role-badge") });
    await expect(roles).toHaveText([
      "userread articles",
      "writerEverything a user can, and: create articles; edit the articles they wrote; delete the articles they wrote",
      "editorEverything a writer can, and: edit anyone's articles",
      /^adminEverything an editor can, and: delete anyone's articles; change people's roles; .*webhooks/,
    ]);
    await context.close();
  });

  test("the sign-in page says where the person was going", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page.getByTestId("sign-in-purpose")).toHaveText("Sign in to continue to the people list.");
    await page.goto("/signin");
    await expect(page.getByTestId("sign-in-purpose")).toHaveText("Welcome back to Gatehouse.");
  });

  test("the header marks the current page and links the API docs", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStatePath("editor") });
    const page = await context.newPage();
    await page.goto("/editor");
    const nav = page.getByRole("navigation", { name: "Main", exact: true });
    await expect(nav.getByRole("link", { name: "Editor" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Dashboard" })).not.toHaveAttribute("aria-current", "page");
    await nav.getByRole("link", { name: "API" }).click();
    await expect(page).toHaveURL(/\/docs\/api$/);
    await context.close();
  });

  test("a search shows that it is running until the results land", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStatePath("admin") });
    const page = await context.newPage();
    await page.goto("/admin/users");
    await page.route("**/admin/users?q=*", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.getByLabel("Email or name starts with").fill("writer");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("button", { name: "Searching…" })).toBeDisabled();
    await expect(page.locator(`tr[data-person="${TEST_PEOPLE.writer.email}"]`)).toBeVisible();
    await context.close();
  });
});

test.describe("the admin panel", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("the overview charts sign-ins, new people and tokens over 30 days, people by role, and the latest security events", async ({
    page,
  }) => {
    await page.goto("/admin");
    for (const chart of [
      "chart-sign-ins",
      "chart-new-people",
      "chart-active-tokens",
      "chart-connected-apps",
      "chart-roles",
    ])
      await expect(page.getByTestId(chart)).toBeVisible();
    await expect(page.getByTestId("chart-sign-ins").locator("svg")).toHaveAttribute(
      "aria-label",
      /^Sign-ins per day, last 30 days: [\d,]+ signed in, [\d,]+ failed\.$/,
    );
    expect(await page.getByTestId("chart-sign-ins").locator("rect").count()).toBe(60);
    await expect(page.getByTestId("chart-roles")).toContainText("admin");
  });

  test("the audit log reads as sentences, with relative times and the exact time on hover", async ({ page }) => {
    await page.goto(`/admin/audit?action=auth.sign_in&q=${encodeURIComponent(TEST_PEOPLE.admin.email)}`);
    const entry = page.getByTestId("audit-log").locator("li").first();
    await expect(entry.getByTestId("audit-sentence")).toHaveText(
      `${TEST_PEOPLE.admin.name} signed in with a password.`,
    );
    await expect(entry.locator("time")).toHaveAttribute("title", / UTC$/);
    await expect(entry).toContainText(/ago|just now/);
  });

  test("the audit log's event filter is grouped, and a person's name leads to their page", async ({ page }) => {
    await page.goto(`/admin/audit?action=auth.sign_in&q=${encodeURIComponent(TEST_PEOPLE.admin.email)}`);
    const filter = page.getByLabel("Event");
    const groups = await filter
      .locator("optgroup")
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("label")));
    expect(groups).toEqual(["Sign-in", "Security", "People", "Articles", "Tokens", "Apps", "Webhooks"]);
    await expect(filter.locator('optgroup[label="Security"] option[value="auth.sign_in_failed"]')).toHaveCount(1);
    const entry = page.getByTestId("audit-log").locator("li").first();
    await entry.getByRole("link", { name: TEST_PEOPLE.admin.name }).click();
    await expect(page).toHaveURL(/\/admin\/users\/[\w-]+$/);
    await expect(page.getByText(TEST_PEOPLE.admin.email).first()).toBeVisible();
  });

  test("the people list pages with its position and a way back", async ({ page }) => {
    const tag = `pager-${randomUUID().slice(0, 6)}`;
    // One after another: Gatehouse hashes only a few new passwords at once and asks the rest to retry.
    for (let i = 0; i < 27; i++) {
      await signUpDirectly({
        email: `${tag}-${String(i).padStart(2, "0")}@example.test`,
        password: "violet-kettle-orbit-42",
      });
    }
    await page.goto(`/admin/users?q=${tag}`);
    await expect(page.getByTestId("people-table").locator("tbody tr")).toHaveCount(25);
    await expect(page.getByTestId("page-position")).toHaveText("Showing 1–25");
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page.getByTestId("page-position")).toHaveText("Showing 26–27");
    await expect(page.getByTestId("people-table").locator("tbody tr")).toHaveCount(2);
    await page.getByRole("link", { name: "Previous" }).click();
    await expect(page.getByTestId("page-position")).toHaveText("Showing 1–25");
    await expect(page.getByRole("link", { name: "Previous" })).toHaveCount(0);
  });

  test("the change-role dialog shows the current role and will not confirm no change; the admin's own row warns", async ({
    page,
  }) => {
    await page.goto(`/admin/users?q=${encodeURIComponent(TEST_PEOPLE.writer.email)}`);
    const row = page.locator(`tr[data-person="${TEST_PEOPLE.writer.email}"]`);
    await row.getByRole("button", { name: "Change role" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("Their role now is writer.");
    await expect(dialog.getByRole("button", { name: "Change role" })).toBeDisabled();
    await dialog.getByLabel("New role").selectOption("editor");
    await expect(dialog.getByRole("button", { name: "Change role" })).toBeEnabled();
    await dialog.getByRole("button", { name: "Cancel" }).click();

    await page.goto(`/admin/users?q=${encodeURIComponent(TEST_PEOPLE.admin.email)}`);
    const own = page.locator(`tr[data-person="${TEST_PEOPLE.admin.email}"]`);
    await expect(own).toContainText("(you)");
    await own.getByRole("button", { name: "End sessions" }).click();
    await expect(page.getByRole("dialog").getByTestId("includes-you")).toBeVisible();
  });

  test("the server refuses a role change to the role the person already has", async ({ page }) => {
    const member = await newPerson();
    const response = await page.request.post("/admin/users", {
      headers: { "next-action": serverActionId("changeRoleAction"), ...GATEHOUSE_ITSELF },
      multipart: actionFormBody({ personId: member.id, role: "user" }),
    });
    expect(await response.text()).toContain(
      `"status":"error","message":"${member.email} is already user. Pick another role to change it."`,
    );
  });

  test("the people list shows when each person last signed in", async ({ page }) => {
    await page.goto(`/admin/users?q=${encodeURIComponent(TEST_PEOPLE.editor.email)}`);
    await expect(
      page.locator(`tr[data-person="${TEST_PEOPLE.editor.email}"]`).locator('td[data-label="Last sign-in"]'),
    ).toContainText(/ago|just now/);
  });
});

test("a token expiring within a week is flagged", async ({ browser }) => {
  const person = await newPerson();
  const created = await person.request.post("/settings/tokens", {
    headers: { "next-action": serverActionId("createTokenAction"), ...GATEHOUSE_ITSELF },
    multipart: actionFormBody({ name: "weekly", expiresIn: "7", scopes: "articles:read" }),
  });
  expect(await created.text()).toContain("gat_");
  const context = await browser.newContext({ storageState: await person.request.storageState() });
  const page = await context.newPage();
  await page.goto("/settings/tokens");
  const expiry = page.locator('tr[data-token="weekly"] [data-expires-soon]');
  await expect(expiry).toHaveText(/^Expires in (6|7) days$/);
  await context.close();
});

test("a crafted link cannot make the two-step page claim what did not happen", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStatePath("writer") });
  const page = await context.newPage();
  await page.goto("/settings/security?recovered=1&next=%2Fdashboard");
  await expect(page.getByRole("heading", { name: "Two-step sign-in" })).toBeVisible();
  // This writer signed in with no recovery code, and has no second factor at all.
  await expect(page.getByText("You signed in with a recovery code")).toHaveCount(0);
  await expect(page.getByText("Two-step sign-in is on.")).toHaveCount(0);
  await context.close();
});
