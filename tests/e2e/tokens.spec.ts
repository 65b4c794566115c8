import { randomUUID } from "node:crypto";
import { request as apiRequest, expect, test } from "@playwright/test";
import { captureActionRequests } from "./support/actions";
import { E2E_ORIGIN, storageStatePath } from "./support/fixtures";

test.use({ storageState: storageStatePath("writer") });

test("create a token in the UI, call the API with it, revoke it, and the next call is refused", async ({ page }) => {
  const name = `Deploy ${randomUUID().slice(0, 6)}`;
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("articles:write").check();
  await page.getByRole("button", { name: "Create token" }).click();

  const shown = page.getByLabel("New token");
  await expect(shown).toHaveText(/^gat_[A-Za-z0-9_-]{43}$/);
  const token = (await shown.textContent())!;
  await expect(page.getByText("Copy it now: it will not be shown again.")).toBeVisible();

  // The secret is shown once: not in the list, not after a reload.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  const row = page.locator(`tr[data-token="${name}"]`);
  await expect(row).toContainText(token.slice(0, 10));
  await expect(row).toContainText("articles:read, articles:write");
  await expect(row).toContainText("Active");

  // An integrator, with no browser cookies, uses it.
  const integrator = await apiRequest.newContext({ baseURL: E2E_ORIGIN, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const created = await integrator.post("/api/v1/articles", { data: { title: `Via API ${name}`, body: "Hello from a script" } });
  expect(created.status()).toBe(201);
  const list = await integrator.get("/api/v1/articles?limit=100");
  expect(list.status()).toBe(200);
  expect(((await list.json()) as { data: Array<{ title: string }> }).data.some((article) => article.title === `Via API ${name}`)).toBe(true);

  await page.reload();
  await expect(row).toContainText("from ");
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);

  const refused = await integrator.get("/api/v1/articles");
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain('error="invalid_token"');
  await integrator.dispose();
});

test("a non-admin cannot create a token that never expires, even by editing the form", async ({ page }) => {
  await page.goto("/settings/tokens");
  await expect(page.getByLabel("Expires after").locator("option[value=never]")).toHaveCount(0);
  await page.getByLabel("Expires after").evaluate((select) => {
    const option = document.createElement("option");
    option.value = "never";
    option.textContent = "never";
    select.appendChild(option);
    (select as HTMLSelectElement).value = "never";
  });
  await page.getByLabel("Name").fill("Forever");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("main").getByRole("alert").first()).toHaveText("Only admins can create tokens that never expire.");
  await expect(page.getByTestId("new-token")).toHaveCount(0);
});

test("the API reference page and the OpenAPI document are public", async ({ browser }) => {
  const context = await browser.newContext({ storageState: undefined });
  const page = await context.newPage();
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { name: "REST API" })).toBeVisible();
  await expect(page.getByText("/api/v1/articles/{id}").first()).toBeVisible();
  const document = await page.request.get("/api/v1/openapi.json");
  expect(document.status()).toBe(200);
  expect(((await document.json()) as { openapi: string }).openapi).toBe("3.1.0");
  await context.close();
});

test("nobody can revoke someone else's token by its id", async ({ page }) => {
  // The writer makes a token and notes its id from the revoke form.
  await page.goto("/settings/tokens");
  const name = `Mine ${randomUUID().slice(0, 6)}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByLabel("New token").textContent())!;
  await page.reload();

  // Capture the writer's own revoke request, stopped before it reaches the server...
  const requests = await captureActionRequests(page, "**/settings/tokens");
  const row = page.locator(`tr[data-token="${name}"]`);
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect.poll(() => requests.length).toBe(1);
  const captured = requests[0];

  // ...and send it as another person, who may use /settings/tokens for their own tokens.
  const other = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: storageStatePath("editor") });
  const response = await other.post("/settings/tokens", { headers: captured.headers, data: captured.body, maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("That token does not exist.");
  await other.dispose();

  const integrator = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
  expect((await integrator.get("/api/v1/articles", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);
  await integrator.dispose();
});
