import { randomUUID } from "node:crypto";
import { request as apiRequest, expect, test } from "@playwright/test";
import { actionFormBody, captureActionRequests, serverActionId } from "./support/actions";
import { E2E_ORIGIN, TEST_PEOPLE, storageStatePath } from "./support/fixtures";
import { forgeSessionToken, requestWithSessionCookie, sessionOf } from "./support/tokens";

test.describe("as a writer", () => {
  test.use({ storageState: storageStatePath("writer") });

  test("publishing an article shows field errors, keeps the draft, then lists it", async ({ page }) => {
    const title = `Launch notes ${randomUUID().slice(0, 6)}`;
    await page.goto("/dashboard");
    await page.getByRole("link", { name: "New article" }).click();
    await expect(page).toHaveURL(/\/dashboard\/articles\/new$/);

    await page.getByLabel("Title").fill(title);
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Write something in the body.")).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await expect(page.getByLabel("Body")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Body").fill("We shipped it.");
    await page.getByRole("button", { name: "Publish" }).click();
    // Back on the dashboard: the result is announced, and the new article is pointed out.
    await expect(page.getByTestId("toast").filter({ hasText: "Article published." })).toBeVisible();
    await expect(page).toHaveURL(/\/dashboard$/);
    const published = page.getByTestId("article").filter({ hasText: title });
    await expect(published).toHaveAttribute("data-new", "true");
    await expect(published.getByText("New", { exact: true })).toBeVisible();
  });
});

test("an editor edits an article and an admin deletes it after confirming", async ({ browser }) => {
  const title = `Draft ${randomUUID().slice(0, 6)}`;
  const writer = await browser.newContext({ storageState: storageStatePath("writer") });
  const writerPage = await writer.newPage();
  await writerPage.goto("/dashboard/articles/new");
  await writerPage.getByLabel("Title").fill(title);
  await writerPage.getByLabel("Body").fill("First version.");
  await writerPage.getByRole("button", { name: "Publish" }).click();
  await expect(writerPage.getByTestId("toast").filter({ hasText: "Article published." })).toBeVisible();
  await writer.close();

  const editor = await browser.newContext({ storageState: storageStatePath("editor") });
  const editorPage = await editor.newPage();
  await editorPage.goto("/dashboard");
  await editorPage.getByRole("listitem").filter({ hasText: title }).getByRole("link", { name: "Edit" }).click();
  await editorPage.getByLabel("Title").fill(`${title} (edited)`);
  await editorPage.getByRole("button", { name: "Save changes" }).click();
  // Saved, the editor lands on the article itself, which says so.
  await expect(editorPage.getByTestId("toast").filter({ hasText: "Article saved." })).toBeVisible();
  await expect(editorPage).toHaveURL(/\/dashboard\/articles\/[\w-]+$/);
  await expect(editorPage.getByRole("heading", { level: 1, name: `${title} (edited)` })).toBeVisible();
  await expect(editorPage.getByTestId("article-byline")).toContainText(`edited`);
  await expect(editorPage.getByTestId("article-byline").getByTestId("edited-by")).toHaveText(
    ` by ${TEST_PEOPLE.editor.name}`,
  );
  // The writer is still the author; the editor is named as the one who changed it.
  await editorPage.goto("/dashboard");
  const edited = editorPage.getByRole("listitem").filter({ hasText: `${title} (edited)` });
  await expect(edited).toContainText(TEST_PEOPLE.writer.name);
  await expect(edited.getByTestId("edited-by")).toHaveText(` · edited by ${TEST_PEOPLE.editor.name}`);
  await editor.close();

  const admin = await browser.newContext({ storageState: storageStatePath("admin") });
  const adminPage = await admin.newPage();
  await adminPage.goto("/dashboard");
  const row = adminPage.getByRole("listitem").filter({ hasText: `${title} (edited)` });
  await row.getByRole("button", { name: "Delete" }).click();
  const dialog = adminPage.getByRole("dialog", { name: "Delete this article?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Delete article" }).click();
  await expect(adminPage.getByRole("heading", { name: `${title} (edited)` })).toHaveCount(0);
  await adminPage.reload();
  await expect(adminPage.getByRole("heading", { name: `${title} (edited)` })).toHaveCount(0);

  // Who did what is in the audit log: created by the writer, changed by the editor, deleted by the admin.
  const csv = await (await adminPage.request.get("/admin/audit/export?action=")).text();
  const entries = csv.split("\r\n").filter((line) => line.includes(title));
  const by = (action: string) => entries.find((line) => line.includes(`"${action}"`));
  expect(by("article.created")).toContain(TEST_PEOPLE.writer.email);
  expect(by("article.updated")).toContain(TEST_PEOPLE.editor.email);
  expect(by("article.updated")).toContain(`(edited)`);
  expect(by("article.deleted")).toContain(TEST_PEOPLE.admin.email);
  await admin.close();
});

test("a reader who replays a writer's create-article request is refused at every layer and nothing is written", async ({
  browser,
}) => {
  // Capture a genuine server-action request in a writer's browser, stopped before it reaches the server.
  const writer = await browser.newContext({ storageState: storageStatePath("writer") });
  const page = await writer.newPage();
  await page.goto("/dashboard/articles/new");
  const title = `Replayed ${randomUUID().slice(0, 6)}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Body").fill("Should never be stored.");
  const requests = await captureActionRequests(page, "**/dashboard/articles/new");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect.poll(() => requests.length).toBe(1);
  const captured = requests[0];
  await writer.close();

  // 1. With the reader's own cookie: middleware stops it before the action runs.
  const reader = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: storageStatePath("user") });
  const blocked = await reader.post("/dashboard/articles/new", {
    headers: captured.headers,
    data: captured.body,
    maxRedirects: 0,
  });
  expect(blocked.status()).toBeGreaterThanOrEqual(400);
  expect(blocked.status()).toBeLessThan(500);

  // 2. With a token that still claims "writer" (as a JWT issued before a demotion would): middleware
  //    lets it through, and the action itself refuses after checking the database.
  const readerSession = await sessionOf("user");
  const stale = await requestWithSessionCookie(
    await forgeSessionToken({
      sub: readerSession.id,
      sid: readerSession.sid,
      role: "writer",
      sv: readerSession.sessionVersion,
    }),
  );
  const refused = await stale.post("/dashboard/articles/new", {
    headers: captured.headers,
    data: captured.body,
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(200);
  expect(await refused.text()).toContain("Your role does not allow this.");

  const dashboard = await (await reader.get("/dashboard")).text();
  expect(dashboard).not.toContain(title);
  await reader.dispose();
  await stale.dispose();
});

test("a writer edits and deletes the article they wrote, and nobody else's: on its page, by a forged post and by API token", async ({
  browser,
}) => {
  const publish = async (role: "writer" | "editor", title: string) => {
    const context = await browser.newContext({ storageState: storageStatePath(role) });
    const page = await context.newPage();
    await page.goto("/dashboard/articles/new");
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Body").fill("First version.");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "Article published." })).toBeVisible();
    await page.getByTestId("article").filter({ hasText: title }).getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    const id = page.url().split("/").pop()!;
    await context.close();
    return id;
  };
  const mine = `Mine ${randomUUID().slice(0, 6)}`;
  const theirs = `Theirs ${randomUUID().slice(0, 6)}`;
  const mineId = await publish("writer", mine);
  const theirsId = await publish("editor", theirs);

  const writer = await browser.newContext({ storageState: storageStatePath("writer") });
  const page = await writer.newPage();
  // Their own: the page offers Edit and Delete, and says who can edit it.
  await page.goto(`/dashboard/articles/${mineId}`);
  await expect(page.getByTestId("who-can-edit")).toContainText(`its author, ${TEST_PEOPLE.writer.name}`);
  await expect(page.getByTestId("who-can-edit")).toContainText("editor, admin");
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Title").fill(`${mine} (fixed)`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Article saved." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: `${mine} (fixed)` })).toBeVisible();

  // Someone else's: no controls, the edit page is refused, and a forged save changes nothing.
  await page.goto(`/dashboard/articles/${theirsId}`);
  await expect(page.getByTestId("article-controls")).toHaveCount(0);
  expect((await page.request.get(`/editor/articles/${theirsId}`)).status()).toBe(403);
  // The page's own refusal (forbidden(), past middleware) names what the page needs, as middleware's does.
  expect((await page.goto(`/editor/articles/${theirsId}`))!.status()).toBe(403);
  await expect(page.getByTestId("access-needed")).toContainText("This page needs the update capability");
  // Reached by a navigation inside the page (the same one a link starts: no new document), the same
  // refusal: the boundary is drawn in the browser and names the page it was asked at. Next's router is
  // on window.next in production builds (for debugging); push() works once the page has hydrated, so it
  // is tried until it does. The marker on window shows the document was never replaced.
  await page.goto(`/dashboard/articles/${theirsId}`);
  await page.evaluate(() => Object.assign(window, { stayedInPage: true }));
  await page.waitForFunction((href) => {
    try {
      (window as unknown as { next: { router: { push(href: string): void } } }).next.router.push(href);
      return true;
    } catch {
      return false;
    }
  }, `/editor/articles/${theirsId}`);
  await expect(page).toHaveURL(new RegExp(`/editor/articles/${theirsId}$`));
  await expect(page.getByTestId("access-needed")).toContainText("This page needs the update capability");
  await expect(page.getByRole("textbox", { name: "Title" })).toHaveCount(0);
  expect(await page.evaluate(() => "stayedInPage" in window)).toBe(true);
  const forged = await page.request.post(`/editor/articles/${mineId}`, {
    headers: { "next-action": serverActionId("updateArticleAction"), origin: E2E_ORIGIN },
    multipart: actionFormBody({ id: theirsId, title: "Taken over", body: "Not mine." }),
  });
  expect(await forged.text()).toContain("only for the articles you wrote");

  // The same by API token (articles:write and articles:delete): its own yes, someone else's no.
  const minted = await page.request.post("/settings/tokens", {
    headers: { "next-action": serverActionId("createTokenAction"), origin: E2E_ORIGIN },
    multipart: actionFormBody({
      name: `own-${randomUUID().slice(0, 6)}`,
      expiresIn: "30",
      scopes: "articles:read,articles:write,articles:delete",
    }),
  });
  const token = (await minted.text()).match(/gat_[A-Za-z0-9_-]{43}/)![0];
  const api = await apiRequest.newContext({
    baseURL: E2E_ORIGIN,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const refused = await api.patch(`/api/v1/articles/${theirsId}`, { data: { title: "Taken over" } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).message).toContain("only for the articles they wrote");
  expect((await api.delete(`/api/v1/articles/${theirsId}`)).status()).toBe(403);
  expect((await api.delete(`/api/v1/articles/${mineId}`)).status()).toBe(204);
  const stillThere = await api.get(`/api/v1/articles/${theirsId}`);
  expect((await stillThere.json()).title).toBe(theirs);
  await api.dispose();
  await writer.close();
});
