import { expect, test, type Page } from "@playwright/test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthClientInformation, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { countOf, e2eDatabaseUrl, runSql } from "./support/database";
import { E2E_ORIGIN, NO_COOKIES } from "./support/fixtures";
import { APP_CALLBACK, allowAll, apiAs, registerAppInUi, signedInWriter } from "./support/oauth-apps";

// Issue 32: an MCP client that knows only Gatehouse's MCP URL (the official SDK's client, unmodified)
// finds the authorization server from the 401, is authorized by a person on the consent page in
// Chromium, and can then do exactly what that person's grant ∩ current role allow, against the
// production build. The tool-by-tool rules are in tests/integration/mcp.test.ts.

test.use({ storageState: NO_COOKIES });

const MCP_URL = new URL("/mcp", E2E_ORIGIN);

/** What an MCP client keeps between runs: its client id, the PKCE verifier, the tokens. */
class RememberingProvider implements OAuthClientProvider {
  verifier = "";
  saved: OAuthTokens | undefined;
  authorizationUrl: URL | undefined;
  constructor(private readonly clientId: string) {}
  get redirectUrl() {
    return APP_CALLBACK;
  }
  get clientMetadata() {
    return { client_name: "Desk Agent", redirect_uris: [APP_CALLBACK], token_endpoint_auth_method: "none" };
  }
  clientInformation(): OAuthClientInformation {
    return { client_id: this.clientId };
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

function transportFor(provider: OAuthClientProvider) {
  return new StreamableHTTPClientTransport(MCP_URL, { authProvider: provider });
}

async function connected(provider: OAuthClientProvider) {
  const client = new Client({ name: "desk-agent", version: "1.0.0" });
  await client.connect(transportFor(provider));
  return client;
}

/** The person's side: the authorization URL the client chose, consent, and the code it comes back with. */
async function consentInBrowser(page: Page, url: URL): Promise<string> {
  let code: string | null = null;
  await page.route("http://127.0.0.1:3999/**", async (route) => {
    code = new URL(route.request().url()).searchParams.get("code");
    await route.fulfill({ status: 200, contentType: "text/html", body: "<title>The agent</title><p>Done</p>" });
  });
  await page.goto(url.href);
  await expect(page.getByTestId("consent-app")).toHaveText("Desk Agent");
  await expect(page.getByTestId("consent-agent")).toBeVisible();
  await allowAll(page);
  await expect.poll(() => code, { timeout: 15_000 }).not.toBeNull();
  await page.unroute("http://127.0.0.1:3999/**");
  return code!;
}

test("an MCP client given only the URL connects, is authorized on the consent page, and does what the role allows", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const person = await signedInWriter(page);
  const { clientId } = await registerAppInUi(page, {
    name: "Desk Agent",
    kind: "public",
    scopes: ["articles:read", "articles:write", "articles:delete"],
  });

  // The first connection meets a 401; the SDK reads the protected-resource metadata it names, then
  // the authorization server's, and asks to send the person to the authorization endpoint.
  const provider = new RememberingProvider(clientId);
  const firstTry = new Client({ name: "desk-agent", version: "1.0.0" });
  const transport = transportFor(provider);
  await expect(firstTry.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
  const authorizationUrl = provider.authorizationUrl!;
  expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${E2E_ORIGIN}/api/oauth/auth`);
  // It asks for a token for the MCP server itself (RFC 8707), with PKCE.
  expect(authorizationUrl.searchParams.get("resource")).toBe(MCP_URL.href);
  expect(authorizationUrl.searchParams.get("code_challenge_method")).toBe("S256");

  await transport.finishAuth(await consentInBrowser(page, authorizationUrl));
  expect(provider.saved?.access_token).toBeTruthy();

  const agent = await connected(provider);
  const names = async () => (await agent.listTools()).tools.map((tool) => tool.name).sort();
  // A writer: reading, creating, and changing or deleting what they wrote (the grant has all three scopes).
  expect(await names()).toEqual(["create_article", "delete_article", "get_article", "list_articles", "update_article"]);
  const created = await agent.callTool({ name: "create_article", arguments: { title: "Via MCP", body: "Hello" } });
  expect(created.isError).toBeFalsy();
  const article = JSON.parse((created.content as Array<{ text: string }>)[0].text) as { id: string };

  // The token is for /mcp only: the REST API does not take it.
  const atApi = await apiAs(provider.saved!.access_token);
  expect((await atApi.get("/api/v1/articles")).status()).toBe(401);
  await atApi.dispose();

  // The change is in the audit log under the person, naming the agent.
  const entries = await countOf(
    e2eDatabaseUrl(),
    `SELECT COUNT(*) FROM "AuditEvent" WHERE "action" = 'article.created' AND "actorId" = ? AND "after" LIKE ?`,
    [person.id, `%${article.id}%Desk Agent over MCP%`],
  );
  expect(entries).toBe(1);

  // Demoted: the next tools/list has no create, and a create is refused without a step-up hint.
  await runSql(e2eDatabaseUrl(), `UPDATE "User" SET "role" = 'user' WHERE "id" = ?`, [person.id]);
  expect(await names()).toEqual(["get_article", "list_articles"]);
  const refused = await agent.callTool({ name: "create_article", arguments: { title: "Again", body: "No" } });
  expect(refused.isError).toBe(true);
  expect((refused.content as Array<{ text: string }>)[0].text).toContain("(user) does not allow");

  // Revoked under Connected apps: the next call is refused, and the client is back to asking.
  await page.goto("/settings/connected-apps");
  const row = page.getByTestId("connected-apps").locator("li", { hasText: "Desk Agent" });
  // People see an agent for what it is, with its last tool call.
  await expect(row).toContainText("AI agent (MCP)");
  await expect(row).toContainText("last call");
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke access" }).click();
  await expect(page.getByText("No app has access to your account.")).toBeVisible();
  provider.authorizationUrl = undefined;
  await expect(agent.listTools()).rejects.toThrow();
  expect(provider.authorizationUrl).toBeDefined();
  await agent.close();
});

test("the MCP server's 401 and metadata are what a client needs to find Gatehouse", async ({ request }) => {
  // A JSON POST reaches the MCP server itself (the pages' middleware would answer 415).
  const bare = await request.post("/mcp", {
    data: { jsonrpc: "2.0", id: 1, method: "initialize", params: {} },
    headers: { accept: "application/json, text/event-stream" },
  });
  expect(bare.status()).toBe(401);
  const challenge = bare.headers()["www-authenticate"];
  const metadataUrl = challenge.match(/resource_metadata="([^"]+)"/)![1];
  expect(metadataUrl).toBe(`${E2E_ORIGIN}/.well-known/oauth-protected-resource/mcp`);

  const metadata = (await (await request.get(metadataUrl)).json()) as Record<string, unknown>;
  expect(metadata).toMatchObject({
    resource: MCP_URL.href,
    authorization_servers: [`${E2E_ORIGIN}/api/oauth`],
    bearer_methods_supported: ["header"],
  });
  expect(metadata.scopes_supported).toEqual(["articles:read", "articles:write", "articles:delete"]);
  const api = (await (await request.get("/.well-known/oauth-protected-resource/api/v1")).json()) as {
    resource: string;
  };
  expect(api.resource).toBe(`${E2E_ORIGIN}/api/v1`);
  expect((await request.get("/.well-known/oauth-protected-resource/elsewhere")).status()).toBe(404);

  // The authorization server it names is found where RFC 8414 says.
  const server = (await (await request.get("/.well-known/oauth-authorization-server/api/oauth")).json()) as {
    issuer: string;
  };
  expect(server.issuer).toBe(`${E2E_ORIGIN}/api/oauth`);
  // The REST API's 401 names its own document.
  expect((await request.get("/api/v1/articles")).headers()["www-authenticate"]).toContain(
    `resource_metadata="${E2E_ORIGIN}/.well-known/oauth-protected-resource/api/v1"`,
  );
});
