import https from "node:https";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startInstance, startOwnDatabase } from "../support/app-instances.mjs";
import { localhostCertificate } from "../support/certificates";
import { startNode, stopStarted } from "./support/processes";
import { runSql, storedDate } from "./support/database";
import { E2E_AUTH_SECRET, TEST_PEOPLE } from "./support/fixtures";

// Issue 32 item 4 and issue 35 item 6, as an admin and an app's owner see them: with Admin → Security
// holding new apps, an app someone registers says "waiting for approval", cannot start a sign-in
// (the person is told why, in their words), and works once an admin approves it under Admin → Apps.
// The setting changes what every registration does, so this runs on an instance and database of its
// own. The rules one by one are in tests/integration/app-review.test.ts.
// Then apps Gatehouse has never seen: the example MCP agent (the official SDK's client) registers
// itself, or names the https URL of its metadata document, served here on localhost with a
// certificate this instance trusts; tests/integration/unknown-apps.test.ts has the rules and attacks.

// One instance, in one worker, one test after another: each test sets the rules every other one runs under.
test.describe.configure({ mode: "default" });

const PORT = 3106;
const ORIGIN = `http://localhost:${PORT}`;
const CALLBACK = "http://127.0.0.1:3999/callback";
let app: { stop: () => Promise<unknown> } | undefined;
let database: { url: string; drop: () => Promise<unknown> } | undefined;
const certificate = localhostCertificate();
const documents = new Map<string, object>();
const documentHost = https.createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
  const document = documents.get(request.url ?? "");
  if (!document) return response.writeHead(404).end();
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document));
});

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await startOwnDatabase("review");
  app = await startInstance(PORT, {
    DATABASE_URL: database.url,
    AUTH_SECRET: E2E_AUTH_SECRET,
    AUTH_URL: ORIGIN,
    // Metadata documents come from this machine, over https with the test's own certificate.
    OUTBOUND_ALLOW_HOSTS: "localhost",
    NODE_EXTRA_CA_CERTS: certificate.certPath,
  });
  await new Promise<void>((resolve) => documentHost.listen(0, "::", resolve));
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
  documentHost.close();
  certificate.remove();
});
test.afterEach(stopStarted);

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

async function setUnknownApps(admin: Page, rule: "off" | "held" | "allowed") {
  await admin.goto("/admin/security");
  const newApps = admin.locator("section", { hasText: "New apps" });
  await newApps.getByLabel("Apps Gatehouse has never seen").selectOption(rule);
  await newApps.getByRole("button", { name: "Save" }).click();
  await expect(admin.getByText("Saved.")).toBeVisible();
}

/** The example MCP agent, run as its README says, until it prints where the person authorizes it. */
async function startAgent(port: number, extra: string[] = []) {
  const agent = startNode([
    "examples/mcp-agent/agent.mjs",
    ...["--mcp", `${ORIGIN}/mcp`, "--port", String(port), "--create", `By agent ${port}`],
    ...extra,
  ]);
  await expect.poll(agent.output, { timeout: 15_000 }).toMatch(/act for you, open (\S+)/);
  return {
    ...agent,
    link: agent.output().match(/act for you, open (\S+)/)![1],
    clientId: agent.output().match(/Known to Gatehouse as (\S+)/)?.[1],
  };
}

test("an agent Gatehouse has never seen registers itself, waits for an admin, and works once approved", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const admin = await signedIn(browser, TEST_PEOPLE.admin);
  await setUnknownApps(admin.page, "held");
  const agent = await startAgent(3998);
  expect(agent.clientId).toMatch(/^app_/);

  const person = await signedIn(browser, TEST_PEOPLE.writer);
  await person.page.goto(agent.link);
  await expect(person.page.getByRole("alert")).toHaveText(
    "This app is waiting for your organisation's admin to approve it. Nothing was shared with it.",
  );

  // The admin sees that nobody here registered it, and where it would send people.
  await admin.page.goto("/admin/apps");
  const review = admin.page.locator(`[data-app-id="${agent.clientId}"]`);
  await expect(review.getByTestId("app-review-details")).toContainText("itself (dynamic registration");
  await expect(review.getByTestId("app-review-details")).toContainText("http://127.0.0.1:3998/callback");
  // Nobody vouches for it: it cannot be made first-party.
  await expect(review.getByLabel(/First-party/)).toHaveCount(0);
  await review.getByRole("button", { name: "Approve" }).click();
  await admin.page.getByRole("dialog").getByRole("button", { name: "Approve app" }).click();
  await expect(admin.page.getByTestId("toast")).toContainText("is approved");

  await person.page.goto(agent.link);
  await expect(person.page.getByTestId("consent-app")).toHaveText("Example MCP agent");
  await expect(person.page.getByText("Registered itself: nobody in your organisation registered it")).toBeVisible();
  await person.page.getByRole("button", { name: "Allow access" }).click();
  await expect(person.page.getByText("Done: you can close this tab.")).toBeVisible();
  expect(await agent.exited, agent.output()).toBe(0);
  expect(agent.output()).toContain("Created: By agent 3998");
  await Promise.all([admin.context.close(), person.context.close()]);
});

test("an agent known by its metadata document works at once while such apps are allowed", async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await signedIn(browser, TEST_PEOPLE.admin);
  await setUnknownApps(admin.page, "allowed");
  const port = (documentHost.address() as AddressInfo).port;
  const clientId = `https://localhost:${port}/agents/desk.json`;
  documents.set("/agents/desk.json", {
    client_id: clientId,
    client_name: "Desk agent",
    redirect_uris: ["http://127.0.0.1:3997/callback"],
    token_endpoint_auth_method: "none",
    scope: "articles:read articles:write",
  });
  const agent = await startAgent(3997, ["--client-metadata-url", clientId]);
  expect(agent.clientId).toBe(clientId);

  const person = await signedIn(browser, TEST_PEOPLE.writer);
  await person.page.goto(agent.link);
  await expect(person.page.getByTestId("consent-app")).toHaveText("Desk agent");
  await expect(
    person.page.getByText(`Described by localhost:${port} itself: nobody in your organisation registered it`),
  ).toBeVisible();
  await person.page.getByRole("button", { name: "Allow access" }).click();
  await expect(person.page.getByText("Done: you can close this tab.")).toBeVisible();
  expect(await agent.exited, agent.output()).toBe(0);
  expect(agent.output()).toContain("Tools this agent may use now: list_articles, get_article, create_article");

  // It is an app here like any other: the admin sees where it came from, and can turn it off.
  await admin.page.goto("/admin/apps");
  const card = admin.page.locator(`[data-app-id="${clientId}"]`);
  await expect(card).toContainText(`its own metadata document at localhost:${port}`);
  await card.getByRole("button", { name: "Disable" }).click();
  await admin.page.getByRole("dialog").getByRole("button", { name: "Disable app" }).click();
  await expect(admin.page.getByTestId("toast")).toContainText("is disabled");
  await person.page.goto(agent.link);
  await expect(person.page.getByRole("alert")).toHaveText(
    "This app was turned off by your organisation's admin. Nothing was shared with it.",
  );
  await Promise.all([admin.context.close(), person.context.close()]);
});
