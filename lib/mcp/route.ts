import "server-only";
import type { NextRequest } from "next/server";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { can, decide } from "@/lib/auth/policy";
import { policyOptions } from "@/lib/auth/edge/policy-options";
import { admitBearer, noteUse, refusal, tokenDecision } from "@/lib/auth/guards/api";
import type { AuthenticatedToken } from "@/lib/auth/guards/bearer";
import { findApp } from "@/lib/auth/oauth-server/apps/queries";
import { env } from "@/lib/env";
import { readJsonBody } from "@/lib/http/body";
import { HttpError } from "@/lib/http/errors";
import { httpErrorResponse, internalErrorResponse } from "@/lib/http/responses";
import { mcpServerFor } from "@/lib/mcp/server";
import { TOOLS, isToolName } from "@/lib/mcp/tools";

// An MCP request, in the order the REST API takes its own (lib/auth/guards/api.ts): the Origin
// check the MCP transport asks for, limit by network, authenticate an app's token for the MCP
// resource, limit by its grant (one bucket with the grant's REST calls), the person's standing,
// then a tool call beyond the token's scopes refused over HTTP with the scope to ask for, and only
// then the protocol itself (the SDK's server and transport).
//
// The transport is stateless: nothing is kept between requests, every request is authorized on its
// own, and any instance can answer any request. There is no session to steal or forge, so an
// Mcp-Session-Id a client sends changes nothing, and GET (a server-to-client stream) and DELETE
// (ending a session) are answered 405, as the specification allows.

/**
 * MCP's transport rule against DNS rebinding: a request from a web page must come from Gatehouse's
 * own origin. Agents are programs, which send no Origin.
 */
function checkOrigin(request: NextRequest): void {
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== new URL(env.AUTH_URL).origin)
    throw new HttpError("cross_site_request", "The MCP server takes requests from programs, not from other web pages.");
}

/** Who the audit log says made a change: the app acting for its person. */
async function agentName(token: AuthenticatedToken): Promise<string> {
  const app = token.kind === "personal" ? null : await findApp(token.prefix);
  return `${app?.name ?? token.prefix} over MCP`;
}

/**
 * The one JSON-RPC message of a POST. Batches (arrays) are refused: the protocol dropped them in
 * 2025-06-18, and one request carrying a hundred calls would count once against the grant's rate
 * limit, or carry a cancellation that leaves the request unanswered.
 */
function messageIn(body: unknown): { method?: unknown; params?: { name?: unknown } } {
  if (Array.isArray(body))
    throw new HttpError("invalid_request", "Send one JSON-RPC message per request: batches are not accepted.");
  return body && typeof body === "object" ? body : {};
}

export async function handleMcpRequest(request: NextRequest): Promise<Response> {
  let rateHeaders: Record<string, string> = {};
  try {
    checkOrigin(request);
    const { token, ip } = await admitBearer(request, "mcp", (headers) => (rateHeaders = headers));
    const standing = decide(token.owner, "standing", policyOptions);
    if (!standing.allowed) throw refusal("mcp", standing, token.owner);
    if (request.method !== "POST")
      throw new HttpError("method_not_allowed", "This MCP server answers POST only: it keeps no sessions or streams.", {
        Allow: "POST",
      });
    const body = await readJsonBody(request);
    // Step-up (MCP authorization, scope challenges): a tool the token's scopes do not cover is refused
    // with 403 and the scope, so the client can ask the person for it. A role that does not allow the
    // tool is the tool's own answer (lib/mcp/server.ts): asking again cannot help there.
    const message = messageIn(body);
    const name = message.params?.name;
    if (message.method === "tools/call" && isToolName(name)) {
      const capability = TOOLS[name].capability;
      const decision = tokenDecision(token, capability);
      // Only when the scope is all that is missing: if the role refuses too, the tool says so.
      if (!decision.allowed && decision.reason === "scope" && can(token.owner, capability))
        throw refusal("mcp", decision, token.owner);
    }
    await noteUse(token, ip);

    // A tool that fails (a bug, the database away) is answered as the REST API answers it: a logged
    // 500 with a request id (503 while the database is away), never the error's own words.
    let failure: { error: unknown } | undefined;
    const server = mcpServerFor(token, { person: token.owner, via: await agentName(token) }, (error) => {
      failure ??= { error };
    });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      const response = await transport.handleRequest(request, { parsedBody: body });
      if (failure) return internalErrorResponse("mcp", request, failure.error, rateHeaders);
      for (const [header, value] of Object.entries(rateHeaders)) response.headers.set(header, value);
      return response;
    } finally {
      await server.close();
    }
  } catch (error) {
    if (error instanceof HttpError) return httpErrorResponse(error, rateHeaders);
    return internalErrorResponse("mcp", request, error, rateHeaders);
  }
}
