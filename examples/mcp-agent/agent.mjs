#!/usr/bin/env node
// An AI agent's side of Gatehouse's MCP server, with the official MCP SDK's client and nothing of
// Gatehouse's own code. Given only the MCP URL it finds everything else: its first request gets a
// 401 naming the protected-resource metadata (RFC 9728), which names the authorization server; the
// person authorizes it in their browser (authorization code + PKCE, for resource=<the MCP URL>); the
// browser comes back to a server this script runs on 127.0.0.1; then it lists the tools it may use
// and calls them.
//
//   node examples/mcp-agent/agent.mjs [--client-id app_… | --client-metadata-url https://…]
//                                     [--mcp http://localhost:3000/mcp] [--port 33418] [--create "A title"]
//
// How Gatehouse knows the agent, one of three ways:
// - --client-id: registered by a person first (Settings → OAuth apps): kind "single-page, mobile or
//   command-line app", redirect URI http://127.0.0.1:33418/callback (or the --port you use), the
//   article scopes;
// - --client-metadata-url: the https URL of a JSON document describing the agent (a client ID
//   metadata document), which Gatehouse fetches;
// - neither: the agent registers itself (dynamic client registration).
// The last two work while Admin → Security lets apps Gatehouse has never seen come.
import http from "node:http";
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const { values } = parseArgs({
  options: {
    "client-id": { type: "string" },
    "client-metadata-url": { type: "string" },
    mcp: { type: "string", default: process.env.GATEHOUSE_MCP_URL ?? "http://localhost:3000/mcp" },
    port: { type: "string", default: "33418" },
    create: { type: "string" },
  },
});
const mcpUrl = new URL(values.mcp);
const redirectUrl = `http://127.0.0.1:${values.port}/callback`;

/** What the SDK asks of an app: who it is, where the person comes back, and somewhere to keep tokens. */
class AgentAuth {
  verifier = "";
  saved = undefined;
  // Given, or what registering told it (kept for this run only).
  information = values["client-id"] ? { client_id: values["client-id"] } : undefined;
  get clientMetadataUrl() {
    return values["client-metadata-url"];
  }
  get redirectUrl() {
    return redirectUrl;
  }
  get clientMetadata() {
    return { client_name: "Example MCP agent", redirect_uris: [redirectUrl], token_endpoint_auth_method: "none" };
  }
  clientInformation() {
    return this.information;
  }
  saveClientInformation(information) {
    this.information = information;
    console.log(`Known to Gatehouse as ${information.client_id}`);
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url) {
    console.log(`To let this agent act for you, open ${url.href}`);
  }
  saveCodeVerifier(verifier) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** The person's browser comes back here with the code (or the reason they said no). */
function waitForCallback() {
  return new Promise((resolve, reject) => {
    const server = http.createServer((request, response) => {
      const url = new URL(request.url ?? "/", redirectUrl);
      if (url.pathname !== "/callback") return response.writeHead(404).end();
      const code = url.searchParams.get("code");
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(
        `<!doctype html><title>Example MCP agent</title><p>${code ? "Done: you can close this tab." : "Not authorized."}</p>`,
      );
      server.close();
      if (code) resolve(code);
      else reject(new Error(url.searchParams.get("error_description") ?? "The person did not authorize the agent."));
    });
    server.listen(Number(values.port), "127.0.0.1");
  });
}

const auth = new AgentAuth();
const transport = () => new StreamableHTTPClientTransport(mcpUrl, { authProvider: auth });
const client = new Client({ name: "example-mcp-agent", version: "1.0.0" });

const first = transport();
try {
  await client.connect(first);
} catch (error) {
  if (!(error instanceof UnauthorizedError)) throw error;
  // The SDK found the authorization server from the 401 and printed where to authorize.
  await first.finishAuth(await waitForCallback());
  await client.connect(transport());
}

const { tools } = await client.listTools();
console.log(`Tools this agent may use now: ${tools.map((tool) => tool.name).join(", ") || "none"}`);

const text = (result) => result.content.map((part) => part.text ?? "").join("");
if (values.create) {
  const created = await client.callTool({
    name: "create_article",
    arguments: { title: values.create, body: "Written by the example MCP agent." },
  });
  console.log(created.isError ? `Refused: ${text(created)}` : `Created: ${JSON.parse(text(created)).title}`);
}
const listed = await client.callTool({ name: "list_articles", arguments: { limit: 5 } });
if (listed.isError) console.log(`Refused: ${text(listed)}`);
else for (const article of JSON.parse(text(listed)).data) console.log(`- ${article.title}`);
await client.close();
