import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { POST as createArticleRoute } from "@/app/api/v1/articles/route";
import { registerWithPassword } from "@/lib/auth/credentials/verify";
import { guardPage } from "@/lib/auth/guards/page";
import { MCP_RESOURCE } from "@/lib/auth/oauth-server/resources";
import {
  ADMIN_CAPABILITIES,
  ARTICLE_CAPABILITIES,
  CAPABILITIES,
  ROUTE_RULES,
  decide,
  decideAccess,
  parseCapabilities,
  parseSecondFactorChoices,
  secondFactorRequired,
  type Capability,
} from "@/lib/auth/policy";
import { getCurrentPerson, requireCapability } from "@/lib/auth/session/current-person";
import { db } from "@/lib/db";
import { handleMcpRequest } from "@/lib/mcp/route";
import { TOOLS, TOOL_NAMES } from "@/lib/mcp/tools";
import { createToken } from "@/lib/tokens/commands";
import middleware from "@/middleware";
import { CookieJar, signIn } from "./support/auth-client";
import { appOf, grantOf } from "./support/oauth";
import { browserWith } from "./support/request-scope";

vi.mock("next/headers", () => import("./support/request-scope").then((scope) => scope.nextHeaders));
vi.mock("next/cache", () => import("./support/request-scope").then((scope) => scope.nextCache));

// Roles as data, drawn at random: for any set of capabilities a custom role may carry, every entry
// point gives the answer the policy gives for that set. Edge middleware (from the cookie alone),
// the page guard, the action guard (both from the database), the REST API (a personal token with
// every scope) and the MCP server's tool list (an app's grant with every scope). A call site that
// forgot a custom role's capabilities, or read them from the wrong place, disagrees here.

const PASSWORD = "violet-kettle-orbit-42";
const OPTIONS = { requireVerifiedEmail: false };
const ALL_SCOPES = "articles:read articles:write articles:delete";
let counter = 0;

async function holderOf(capabilities: readonly Capability[]) {
  counter += 1;
  const name = `drawn-${counter}-${Date.now().toString(36)}`;
  await db.role.create({ data: { name, label: name, description: "", capabilities: capabilities.join(" ") } });
  const email = `${name}@example.test`;
  const created = await registerWithPassword({ email, password: PASSWORD });
  if (created === "exists") throw new Error("taken");
  await db.user.update({ where: { id: created.id }, data: { role: name, emailVerified: new Date() } });
  const jar = new CookieJar();
  await signIn(jar, email, PASSWORD, `198.51.100.${counter % 250}`);
  return { id: created.id, email, name, jar };
}

const allowedAt = async (pathname: string, cookie: string) => {
  const answer = await middleware(new NextRequest(`http://localhost:3000${pathname}`, { headers: { cookie } }));
  return answer.headers.get("x-middleware-next") === "1";
};

async function mcpTools(person: { id: string; email: string }) {
  const { appId } = await appOf(person, { scopes: ALL_SCOPES.split(" "), name: "Drawn agent" });
  const { accessToken } = await grantOf(person, appId, ALL_SCOPES, { resource: MCP_RESOURCE() });
  const client = new Client({ name: "gatehouse-property", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(MCP_RESOURCE()), {
    requestInit: { headers: { authorization: `Bearer ${accessToken}` } },
    fetch: async (url, init) =>
      handleMcpRequest(new NextRequest(url, { ...init, signal: init?.signal ?? undefined } as never)),
  });
  await client.connect(transport);
  const names = (await client.listTools()).tools.map((tool) => tool.name).sort();
  await client.close();
  return names;
}

describe("any capability set a role may carry", () => {
  it(
    "gets the policy's answer from middleware, pages, actions, the API and the MCP server",
    { timeout: 120_000 },
    async () => {
      const choices = parseSecondFactorChoices(
        (await db.setting.findUnique({ where: { key: "second-factor.required-roles" } }))?.value,
      );
      const drawable = CAPABILITIES.filter((capability) => capability !== "read");
      await fc.assert(
        fc.asyncProperty(fc.subarray([...drawable]), async (drawn) => {
          const capabilities: Capability[] = ["read", ...drawn];
          const person = await holderOf(capabilities);
          // What the policy says for this set, with the second factor its role may require.
          const subject = {
            role: person.name,
            capabilities,
            emailVerified: true,
            secondFactorMissing: secondFactorRequired({ role: person.name, capabilities }, choices),
          };

          browserWith(person.jar.header());
          for (const rule of ROUTE_RULES) {
            const expected = decideAccess(subject, rule.samplePath, OPTIONS).allowed;
            expect(await allowedAt(rule.samplePath, person.jar.header()), `middleware ${rule.samplePath}`).toBe(
              expected,
            );
            const page = await guardPage(rule.samplePath).then(
              () => true,
              () => false,
            );
            expect(page, `page ${rule.samplePath}`).toBe(expected);
          }
          for (const capability of [...ARTICLE_CAPABILITIES, ...ADMIN_CAPABILITIES]) {
            const expected = decide(subject, { capability }, OPTIONS).allowed;
            const action = await requireCapability(capability).then(
              () => true,
              () => false,
            );
            expect(action, `action needing ${capability}`).toBe(expected);
          }
          expect((await getCurrentPerson())?.capabilities).toEqual(parseCapabilities(capabilities));

          const token = await createToken(person, {
            name: "drawn",
            scopes: ALL_SCOPES.split(" ") as never,
            expiresAt: null,
          });
          if (!token.ok) throw new Error("no token");
          const created = await createArticleRoute(
            new NextRequest("http://localhost:3000/api/v1/articles", {
              method: "POST",
              headers: { authorization: `Bearer ${token.token}`, "content-type": "application/json" },
              body: JSON.stringify({ title: "Drawn", body: "By a drawn role." }),
            }),
            { params: Promise.resolve({}) },
          );
          const mayCreate = decide(subject, { capability: "create", scopes: ALL_SCOPES.split(" ") }, OPTIONS).allowed;
          expect(created.status, "POST /api/v1/articles").toBe(mayCreate ? 201 : 403);

          const tools = TOOL_NAMES.filter(
            (name) =>
              decide(subject, { capability: TOOLS[name].capability, scopes: ALL_SCOPES.split(" ") }, OPTIONS).allowed,
          ).sort();
          // An MCP client whose person must first set up a second factor is refused before any list.
          if (!subject.secondFactorMissing) expect(await mcpTools(person), "MCP tools").toEqual(tools);
        }),
        { numRuns: 64 },
      );
    },
  );
});
