import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { request as apiRequest, expect, test } from "@playwright/test";
import { GATEHOUSE_ITSELF, newPerson } from "./support/action-scenarios";
import { actionFormBody, captureActionRequests, serverActionId } from "./support/actions";
import { E2E_AUTH_SECRET, E2E_ORIGIN, storageStatePath } from "./support/fixtures";
import { sessionOf, storedSessionCookie, openTokenForm } from "./support/tokens";

test.use({ storageState: storageStatePath("writer") });

test("create a token in the UI, call the API with it, revoke it, and the next call is refused", async ({ page }) => {
  const name = `Deploy ${randomUUID().slice(0, 6)}`;
  await page.goto("/settings/tokens");
  await openTokenForm(page);
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
  await expect(row).toContainText("Expires in");

  // An integrator, with no browser cookies, uses it.
  const integrator = await apiRequest.newContext({
    baseURL: E2E_ORIGIN,
    extraHTTPHeaders: { Authorization: `Bearer ${token}` },
  });
  const created = await integrator.post("/api/v1/articles", {
    data: { title: `Via API ${name}`, body: "Hello from a script" },
  });
  expect(created.status()).toBe(201);
  const list = await integrator.get("/api/v1/articles?limit=100");
  expect(list.status()).toBe(200);
  expect(
    ((await list.json()) as { data: Array<{ title: string }> }).data.some(
      (article) => article.title === `Via API ${name}`,
    ),
  ).toBe(true);

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

test("the token form says what a writer's role allows of each scope", async ({ page }) => {
  await page.goto("/settings/tokens");
  await page.getByRole("button", { name: "Generate new token" }).click();
  // A writer creates articles and changes only their own: articles:write and articles:delete are
  // partly theirs, and say which part.
  await expect(
    page.getByText("Your role allows creating and editing your own articles, not editing anyone's, now"),
  ).toBeVisible();
  await expect(page.getByText("Your role allows deleting your own articles, not deleting anyone's, now")).toBeVisible();
  await expect(page.getByText("Your role does not allow this now")).toHaveCount(0);
});

test("a non-admin cannot create a token that never expires, even by editing the form", async ({ page }) => {
  await page.goto("/settings/tokens");
  await openTokenForm(page);
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
  await expect(page.getByRole("main").getByRole("alert").first()).toHaveText(
    "Only admins can create tokens that never expire.",
  );
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
  await openTokenForm(page);
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
  const response = await other.post("/settings/tokens", {
    headers: captured.headers,
    data: captured.body,
    maxRedirects: 0,
  });
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("That token does not exist.");
  await other.dispose();

  const integrator = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
  expect((await integrator.get("/api/v1/articles", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(
    200,
  );
  await integrator.dispose();
});

test("forged, tampered and look-alike bearer tokens get 401 invalid_token; the real one works", async ({ page }) => {
  await page.goto("/settings/tokens");
  await openTokenForm(page);
  await page.getByLabel("Name").fill(`Forgery target ${randomUUID().slice(0, 6)}`);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByLabel("New token").textContent())!;
  const secret = token.slice("gat_".length);
  const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const writer = await sessionOf("writer");
  const unsigned = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: writer.id, role: "admin", scope: "articles:read articles:write articles:delete", exp: 4102444800 })}`;
  const hs256 = `${unsigned}.${createHmac("sha256", E2E_AUTH_SECRET).update(unsigned).digest("base64url")}`;

  const forgeries: Record<string, string> = {
    "a random token in the right format": `gat_${randomBytes(32).toString("base64url")}`,
    "the real token with its first secret character changed": `gat_${flip(secret, 0)}`,
    "the real token with its last character changed": `gat_${flip(secret, secret.length - 1)}`,
    "the real token cut short by one character": token.slice(0, -1),
    "the real token with a character added": `${token}A`,
    "the prefix the token list shows": token.slice(0, 10),
    "the real secret with another prefix": `ghp_${secret}`,
    "an unsigned alg:none JWT claiming admin": `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: writer.id, role: "admin", exp: 4102444800 })}.`,
    "a JWT signed with the app's own AUTH_SECRET claiming admin": hs256,
    "the owner's browser session cookie": storedSessionCookie("writer"),
  };
  const api = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
  for (const [what, forged] of Object.entries(forgeries)) {
    const response = await api.get("/api/v1/articles", { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status(), what).toBe(401);
    expect(response.headers()["www-authenticate"], what).toContain('error="invalid_token"');
    expect(await response.json(), what).toMatchObject({ error: "invalid_token" });
    const write = await api.post("/api/v1/articles", {
      headers: { authorization: `Bearer ${forged}` },
      data: { title: `Forged by ${what}`, body: "x" },
    });
    expect(write.status(), `${what} (write)`).toBe(401);
  }
  const genuine = await api.get("/api/v1/articles", { headers: { authorization: `Bearer ${token}` } });
  expect(genuine.status()).toBe(200);
  const listed = (await genuine.json()) as { data: Array<{ title: string }> };
  expect(listed.data.some((article) => article.title.startsWith("Forged by"))).toBe(false);
  await api.dispose();
});

test.describe("a person's token list", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("holds at most 50 active tokens, refuses a second active token of the same name, and pages", async ({
    browser,
  }) => {
    const person = await newPerson();
    const mint = (name: string) =>
      person.request.post("/settings/tokens", {
        headers: { "next-action": serverActionId("createTokenAction"), ...GATEHOUSE_ITSELF },
        multipart: actionFormBody({ name, expiresIn: "7", scopes: "articles:read" }),
      });
    // Forty-nine at once (the cap is checked inside a transaction, so a burst cannot overshoot it).
    const answers = await Promise.all(
      Array.from({ length: 49 }, (_, i) => mint(`bulk ${i}`).then((response) => response.text())),
    );
    expect(answers.filter((text) => /gat_[A-Za-z0-9_-]{43}/.test(text))).toHaveLength(49);

    const context = await browser.newContext({ storageState: await person.request.storageState() });
    const page = await context.newPage();
    await page.goto("/settings/tokens");
    await openTokenForm(page);
    await page.getByLabel("Name").fill("bulk 3");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(
      page.getByText("You already have an active token called “bulk 3”. Choose another name."),
    ).toBeVisible();

    await openTokenForm(page);
    await page.getByLabel("Name").fill("the fiftieth");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByLabel("New token")).toHaveText(/^gat_/);

    await openTokenForm(page);
    await page.getByLabel("Name").fill("one too many");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(
      page.getByText("You have 50 active tokens, the most one person may hold. Revoke one you no longer use first."),
    ).toBeVisible();

    // The list shows a page at a time, newest first, and pages on.
    await page.goto("/settings/tokens");
    await expect(page.getByTestId("token-table").locator("tbody tr")).toHaveCount(20);
    await page.getByRole("link", { name: "Older" }).click();
    await expect(page).toHaveURL(/after=/);
    await expect(page.getByRole("link", { name: "Newer" })).toBeVisible();
    await expect(page.getByTestId("token-table").locator("tbody tr")).toHaveCount(20);
    const secondPage = page.url();
    await page.getByRole("link", { name: "Older" }).click();
    await expect(page).not.toHaveURL(secondPage);
    await expect(page.getByTestId("token-table").locator("tbody tr")).toHaveCount(10);
    await expect(page.getByRole("link", { name: "Older" })).toHaveCount(0);
    await context.close();
  });
});
