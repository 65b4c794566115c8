// `npm run bench:mcp` (after `npm run build`): the MCP server beside the REST API, on the production
// build, in one run: latency and throughput of tools/list and tools/call (list_articles) at /mcp
// beside GET /api/v1/articles for the same person and grant; then how long the SDK's own client
// takes from knowing only the URL to its first tool result (discovery from the 401, the two metadata
// documents, initialize, tools/list, tools/call), with the person's consent taken as already given.
import autocannon from "autocannon";
import { BENCH_AUTH_SECRET, requireBuild, scratchDatabase, startProductionApp, waitFor } from "./support";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PORT = 3402;
const ORIGIN = `http://localhost:${PORT}`;
requireBuild();
const { env } = scratchDatabase("bench-mcp", {
  API_RATE_LIMIT_PER_MINUTE: "100000000",
  API_IP_RATE_LIMIT_PER_MINUTE: "100000000",
});
// The tokens minted here must be for the server's audiences (its AUTH_URL), under its keys.
process.env.AUTH_URL = ORIGIN;
process.env.AUTH_SECRET = BENCH_AUTH_SECRET;

const MCP_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": "2025-11-25",
};

type Load = { url: string; method?: string; headers: Record<string, string>; body?: string };

async function load(label: string, options: Load) {
  await autocannon({ ...options, connections: CONNECTIONS, duration: 2 });
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: SECONDS });
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(
    `  ${label.padEnd(34)} ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms   errors ${errors}`,
  );
  return result.requests.average;
}

async function main() {
  const { db } = await import("@/lib/db");
  const { DEMO_ACCOUNTS } = await import("@/prisma/demo-data");
  const { appOf, grantOf } = await import("@/tests/integration/support/oauth");
  const { MCP_RESOURCE, API_RESOURCE } = await import("@/lib/auth/oauth-server/resources");
  const writer = await db.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.writer.email } });
  for (let i = 0; i < 40; i++)
    await db.article.create({
      data: { title: `Bench article ${i}`, body: "Lorem ipsum dolor sit amet. ".repeat(10), authorId: writer.id },
    });
  const { appId } = await appOf(writer, { name: "Bench agent" });
  const scope = "articles:read articles:write";
  const mcpToken = (await grantOf(writer, appId, scope, { resource: MCP_RESOURCE() })).accessToken;
  const apiToken = (await grantOf(writer, appId, scope, { resource: API_RESOURCE() })).accessToken;
  await db.$disconnect();

  const child = startProductionApp(PORT, env);
  try {
    await waitFor(`${ORIGIN}/api/health`);
    const rpc = (method: string, params: object) => JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
    for (const [url, init] of [
      [`${ORIGIN}/api/v1/articles`, { headers: { authorization: `Bearer ${apiToken}` } }],
      [
        `${ORIGIN}/mcp`,
        {
          method: "POST",
          headers: { ...MCP_HEADERS, authorization: `Bearer ${mcpToken}` },
          body: rpc("tools/list", {}),
        },
      ],
    ] as const) {
      const check = await fetch(url, init);
      if (check.status !== 200) throw new Error(`${url} answered ${check.status}: ${await check.text()}`);
    }
    console.log(`One writer's grant, ${CONNECTIONS} connections, ${SECONDS} s each after a 2 s warm-up.\n`);
    const api = await load("GET /api/v1/articles", {
      url: `${ORIGIN}/api/v1/articles`,
      headers: { authorization: `Bearer ${apiToken}` },
    });
    const list = await load("POST /mcp tools/list", {
      url: `${ORIGIN}/mcp`,
      method: "POST",
      headers: { ...MCP_HEADERS, authorization: `Bearer ${mcpToken}` },
      body: rpc("tools/list", {}),
    });
    const call = await load("POST /mcp tools/call list_articles", {
      url: `${ORIGIN}/mcp`,
      method: "POST",
      headers: { ...MCP_HEADERS, authorization: `Bearer ${mcpToken}` },
      body: rpc("tools/call", { name: "list_articles", arguments: { limit: 20 } }),
    });
    console.log(
      `\nRatio tools/call / REST: ${(call / api).toFixed(2)}   tools/list / REST: ${(list / api).toFixed(2)}`,
    );

    // The SDK's client from the bare URL: its first request meets the 401 and discovers the rest.
    const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
    const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
    const { discoverOAuthProtectedResourceMetadata, discoverAuthorizationServerMetadata } =
      await import("@modelcontextprotocol/sdk/client/auth.js");
    const started = performance.now();
    const bare = await fetch(`${ORIGIN}/mcp`, { method: "POST", headers: MCP_HEADERS, body: rpc("initialize", {}) });
    const resource = await discoverOAuthProtectedResourceMetadata(new URL(`${ORIGIN}/mcp`), {
      resourceMetadataUrl: new URL(/resource_metadata="([^"]+)"/.exec(bare.headers.get("www-authenticate")!)![1]),
    });
    await discoverAuthorizationServerMetadata(resource.authorization_servers![0]);
    const discovered = performance.now();
    const client = new Client({ name: "bench", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${ORIGIN}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${mcpToken}` } },
      }),
    );
    await client.listTools();
    await client.callTool({ name: "list_articles", arguments: { limit: 5 } });
    const done = performance.now();
    await client.close();
    console.log(
      `\nFrom the bare URL to the first tool result (consent aside): ${(done - started).toFixed(0)} ms` +
        ` (discovery ${(discovered - started).toFixed(0)} ms, then initialize, tools/list and tools/call ${(done - discovered).toFixed(0)} ms).`,
    );
  } finally {
    child.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
