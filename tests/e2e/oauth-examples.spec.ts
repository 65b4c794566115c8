import { readFile, rm } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { DEMO_ARTICLES } from "@/prisma/demo-data";
import { E2E_ORIGIN, NO_COOKIES, ownNetwork } from "./support/fixtures";
import { allowAll, registerAppInUi, signedInWriter } from "./support/oauth-apps";
import { newPerson } from "./support/action-scenarios";
import { signInThroughForm } from "./support/sign-in";
import { startNode, stopStarted } from "./support/processes";

// The examples in examples/ (docs/oauth.md, docs/agents.md), run for real against the production
// build: a web app with "Sign in with Gatehouse", a command-line tool that signs in with the device
// flow, and an MCP agent that finds everything from the MCP URL.

test.use({ storageState: NO_COOKIES });

const WEB_APP_PORT = 3105;
test.afterEach(stopStarted);
const start = startNode;

test("the example web app signs a person in with Gatehouse and lists their articles", async ({ page }) => {
  const person = await newPerson();
  await signInThroughForm(page, person);
  const { clientId, secret } = await registerAppInUi(page, {
    name: "Example web app",
    redirectUris: [`http://localhost:${WEB_APP_PORT}/callback`],
  });
  const app = start(["examples/web-app/server.mjs"], {
    PORT: String(WEB_APP_PORT),
    GATEHOUSE_URL: E2E_ORIGIN,
    GATEHOUSE_CLIENT_ID: clientId,
    GATEHOUSE_CLIENT_SECRET: secret!,
  });
  await expect.poll(app.output, { timeout: 15_000 }).toContain("Example app at");

  await page.goto(`http://localhost:${WEB_APP_PORT}/`);
  await page.getByRole("link", { name: "Sign in with Gatehouse" }).click();
  await allowAll(page);
  await expect(page.getByRole("heading", { name: `Hello ${person.email}` })).toBeVisible();
  await expect(page.locator("[data-articles]")).toContainText(DEMO_ARTICLES[0].title);
});

test("the example CLI signs in with the device flow and saves the person's articles", async ({ page }) => {
  // Device codes are counted per network: not one that other tests type wrong codes from.
  await page.setExtraHTTPHeaders(ownNetwork());
  const person = await newPerson();
  await signInThroughForm(page, person);
  const { clientId } = await registerAppInUi(page, { name: "Example CLI", kind: "public" });
  // The registration offers this very command, ready to run.
  await expect(page.getByTestId("example-command")).toHaveText(
    `node examples/cli/sync-articles.mjs --client-id ${clientId} --gatehouse ${E2E_ORIGIN}`,
  );
  const out = `tests/.tmp/cli-articles-${clientId}.json`;
  const cli = start([
    "examples/cli/sync-articles.mjs",
    "--client-id",
    clientId,
    "--gatehouse",
    E2E_ORIGIN,
    "--out",
    out,
  ]);
  await expect.poll(cli.output, { timeout: 15_000 }).toMatch(/or open (\S+)\)/);
  const link = cli.output().match(/or open (\S+)\)/)![1];
  // It tells the person the short address to type.
  expect(cli.output()).toContain(`To sign in, open ${E2E_ORIGIN}/device and enter the code`);

  // The complete address carries the code: straight to the confirmation.
  await page.goto(link);
  await page.getByRole("button", { name: "Yes, continue" }).click();
  await allowAll(page);
  await expect(page.getByRole("heading", { name: "Done" })).toBeVisible();

  expect(await cli.exited, cli.output()).toBe(0);
  const saved = JSON.parse(await readFile(out, "utf8")) as Array<{ title: string }>;
  expect(saved.map((article) => article.title)).toContain(DEMO_ARTICLES[0].title);
  await rm(out, { force: true });
});

test("the example MCP agent finds Gatehouse from the MCP URL alone, is authorized in the browser, and uses its tools", async ({
  page,
}) => {
  const port = 3107;
  await signedInWriter(page);
  const { clientId } = await registerAppInUi(page, {
    name: "Example MCP agent",
    kind: "public",
    redirectUris: [`http://127.0.0.1:${port}/callback`],
    scopes: ["articles:read", "articles:write"],
  });
  const agent = start([
    "examples/mcp-agent/agent.mjs",
    "--client-id",
    clientId,
    "--mcp",
    `${E2E_ORIGIN}/mcp`,
    "--port",
    String(port),
    "--create",
    "Written by an agent",
  ]);
  await expect.poll(agent.output, { timeout: 15_000 }).toMatch(/act for you, open (\S+)/);
  const link = new URL(agent.output().match(/act for you, open (\S+)/)![1]);
  // It asked for a token for the MCP server itself, with PKCE.
  expect(link.searchParams.get("resource")).toBe(`${E2E_ORIGIN}/mcp`);
  expect(link.searchParams.get("code_challenge_method")).toBe("S256");

  await page.goto(link.href);
  await expect(page.getByTestId("consent-app")).toHaveText("Example MCP agent");
  // The person is told they are letting an agent act for them.
  await expect(page.getByTestId("consent-agent")).toContainText("AI agent or tool client");
  await allowAll(page);
  // Back at the agent's own server on 127.0.0.1.
  await expect(page.getByText("Done: you can close this tab.")).toBeVisible();
  expect(await agent.exited, agent.output()).toBe(0);
  expect(agent.output()).toContain("Tools this agent may use now: list_articles, get_article, create_article");
  expect(agent.output()).toContain("Created: Written by an agent");
  expect(agent.output()).toContain("- Written by an agent");
});
