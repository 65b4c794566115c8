import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { can, decide, type Capability, type Decision } from "@/lib/auth/policy";
import { policyOptions } from "@/lib/auth/edge/policy-options";
import { env } from "@/lib/env";
import {
  authenticateBearer,
  bearerChallenge,
  type AuthenticatedToken,
  type TokenKind,
  type TokenOwner,
} from "@/lib/auth/guards/bearer";
import { metrics } from "@/lib/server/metrics";
import { noteRequestPerson } from "@/lib/server/request-log";
import { readJsonBody } from "@/lib/http/body";
import { HttpError } from "@/lib/http/errors";
import { httpErrorResponse, internalErrorResponse } from "@/lib/http/responses";
import { checkRateLimit, rateLimitHeaders, rateLimitStore, type RateLimitResult } from "@/lib/rate-limit/limiter";
import { noteGrantUse } from "@/lib/auth/oauth-server/access-tokens";
import { noteTokenUse } from "@/lib/tokens/queries";
import { addressBucket, addressNetwork, clientAddress } from "@/lib/http/client-address";
import type { ResourceName } from "@/lib/auth/oauth-server/resources";

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export type ApiRouteContext<B extends Schema, Q extends Schema> = {
  request: NextRequest;
  token: AuthenticatedToken;
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Record<string, string>;
};

function validationError(error: z.ZodError, where: "body" | "query"): HttpError {
  const fields = z.flattenError(error).fieldErrors as Record<string, string[]>;
  const first = error.issues[0];
  const path = first?.path.join(".") ?? "";
  // "title: Give the article a title.", but not "limit: limit must be at least 1."
  const message = !first
    ? `The ${where} is not valid.`
    : path && !first.message.startsWith(`${path} `)
      ? `${path}: ${first.message}`
      : first.message;
  return where === "body"
    ? new HttpError("validation_failed", message, {}, { fields })
    : new HttpError("invalid_query", message, {}, { fields });
}

function limited(result: RateLimitResult, what: string): HttpError {
  return new HttpError(
    "rate_limited",
    `Too many requests from this ${what}. Try again in ${result.resetSeconds} s.`,
    rateLimitHeaders(result),
  );
}

/**
 * The policy's refusal as a bearer-token resource answers it (the REST API, and the MCP server for a
 * call it refuses before running it): the owner's standing, or the token's scope ∩ role. A missing
 * scope carries the step-up hint (RFC 6750 §3.1: ask for a token with this scope); a role that no
 * longer allows the capability does not, since asking the person again cannot help.
 */
export function refusal(
  resource: ResourceName,
  decision: Extract<Decision, { allowed: false }>,
  owner: TokenOwner,
): HttpError {
  switch (decision.reason) {
    // A token whose owner's session would have ended is not live: authentication refused it already.
    case "signed-out":
      return new HttpError("invalid_token", "The access token is not valid.", {
        "WWW-Authenticate": bearerChallenge(resource, "invalid_token", "The access token is not valid."),
      });
    case "email-unverified":
      return new HttpError("email_unverified", "The token's owner has not confirmed their email address.");
    case "second-factor-missing":
      return new HttpError(
        "second_factor_required",
        "The token's owner must set up two-step sign-in before their tokens work again (their role requires it).",
      );
    case "scope": {
      // The role would refuse it too: no scope to ask for, asking again cannot help.
      if (decision.capability && !can(owner, decision.capability))
        return new HttpError(
          "forbidden",
          `Its owner's role (${owner.role}) does not allow this, whatever the token's scopes.`,
        );
      const message = `This token lacks the ${decision.scope} scope.`;
      return new HttpError("insufficient_scope", message, {
        "WWW-Authenticate": bearerChallenge(resource, "insufficient_scope", message, decision.scope),
      });
    }
    case "role":
      return new HttpError(
        "forbidden",
        `The token has the ${decision.scope} scope, but its owner's role (${owner.role}) no longer allows this.`,
      );
  }
}

// A token seen from a new network is worth an audit entry; a token holder rotating through networks
// must not be able to write one per request. At most NEW_NETWORK_ENTRIES_PER_DAY entries per token
// and day, then one entry saying further ones are not recorded (docs/security.md).
const NEW_NETWORK_ENTRIES_PER_DAY = 10;

async function recordNewNetwork(token: AuthenticatedToken, ip: string | null) {
  const { count } = await rateLimitStore().hit(`audit:token-network:${token.id}`, 24 * 3600_000);
  if (count <= NEW_NETWORK_ENTRIES_PER_DAY) {
    await recordAudit({
      action: "token.used_from_new_network",
      actor: token.owner,
      target: token.owner,
      before: { network: addressNetwork(token.lastUsedIp) },
      after: { token: token.prefix, network: addressNetwork(ip), ip },
    });
  } else if (count === NEW_NETWORK_ENTRIES_PER_DAY + 1) {
    await recordAudit({
      action: "token.many_networks",
      actor: token.owner,
      target: token.owner,
      after: { token: token.prefix, entriesPerDay: NEW_NETWORK_ENTRIES_PER_DAY },
    });
  }
}

/** Step 1: per network (an IPv6 /64 counts as one), before any token lookup, so rotating addresses buys nothing. */
async function limitByNetwork(ip: string | null): Promise<void> {
  const byIp = await checkRateLimit(`ip:${addressBucket(ip)}`, env.API_IP_RATE_LIMIT_PER_MINUTE);
  if (!byIp.allowed) throw limited(byIp, "address");
}

/**
 * What differs between the kinds of token, in one place: the rate-limit bucket each counts in (the
 * personal token, the grant an app's token belongs to, the app's own service grant) and what using
 * one records (a personal token's last use and new networks; a grant's last use).
 */
const TOKEN_KINDS: Record<
  TokenKind,
  { bucket: string; noteUse: (token: AuthenticatedToken, ip: string | null) => Promise<void> }
> = {
  personal: {
    bucket: "token",
    noteUse: async (token, ip) => {
      const { newNetwork } = await noteTokenUse(token, ip);
      if (newNetwork) await recordNewNetwork(token, ip);
    },
  },
  app: { bucket: "grant", noteUse: (token) => noteGrantUse(token.id) },
  service: { bucket: "service", noteUse: async () => {} },
};

/** Step 3: per token (its grant, for an app's), with the answer's RateLimit-* headers. */
async function limitByToken(token: AuthenticatedToken): Promise<Record<string, string>> {
  noteRequestPerson(token.owner.id);
  metrics().tokenUses.inc({ kind: token.kind });
  const byToken = await checkRateLimit(`${TOKEN_KINDS[token.kind].bucket}:${token.id}`, env.API_RATE_LIMIT_PER_MINUTE);
  if (!byToken.allowed) throw limited(byToken, "token");
  return rateLimitHeaders(byToken);
}

/** Step 4: the owner's standing, then the token's scopes ∩ the owner's current role (policy.decide). */
export function tokenDecision(token: AuthenticatedToken, capability: Capability): Decision {
  return decide(token.owner, { capability, scopes: token.scopes }, policyOptions);
}

function authorize(token: AuthenticatedToken, capability: Capability): void {
  const decision = tokenDecision(token, capability);
  if (!decision.allowed) throw refusal("api", decision, token.owner);
}

/** Step 5: what using this kind of token records. */
export function noteUse(token: AuthenticatedToken, ip: string | null): Promise<void> {
  return TOKEN_KINDS[token.kind].noteUse(token, ip);
}

/**
 * Steps 1–3 for any bearer-token resource: limit by network, authenticate for `resource`, limit by
 * token. The MCP server admits its calls through this too, so an app's calls count in its grant's
 * one bucket wherever they land. Throws HttpError; the rate headers go on the answer.
 */
export async function admitBearer(
  request: NextRequest,
  resource: ResourceName,
  onRateHeaders: (headers: Record<string, string>) => void,
): Promise<{ token: AuthenticatedToken; ip: string | null }> {
  const ip = clientAddress(request.headers);
  await limitByNetwork(ip);
  const token = await authenticateBearer(request, resource);
  onRateHeaders(await limitByToken(token));
  return { token, ip };
}

/** Step 6: the query and the JSON body, each through its zod schema. */
async function parse(request: NextRequest, spec: { query?: Schema; body?: Schema }) {
  let query: unknown;
  if (spec.query) {
    const parsed = spec.query.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!parsed.success) throw validationError(parsed.error, "query");
    query = parsed.data;
  }
  let body: unknown;
  if (spec.body) {
    const parsed = spec.body.safeParse(await readJsonBody(request));
    if (!parsed.success) throw validationError(parsed.error, "body");
    body = parsed.data;
  }
  return { query, body };
}

/**
 * The one way to write a REST API route, in six named steps: limit by network, authenticate (the
 * bearer or DPoP token, step 2: guards/bearer.ts), limit by token, authorize (policy.decide), note
 * the use, parse the query and body; errors as `{ error, message }` with the right status.
 * A handler body is only the happy path.
 */
export function guardApiRoute<B extends Schema = undefined, Q extends Schema = undefined>(
  spec: { capability: Capability; body?: B; query?: Q },
  handler: (context: ApiRouteContext<B, Q>) => Promise<Response>,
) {
  return async (request: NextRequest, route: { params: Promise<Record<string, string>> }): Promise<Response> => {
    let rateHeaders: Record<string, string> = {};
    try {
      const { token, ip } = await admitBearer(request, "api", (headers) => (rateHeaders = headers));
      authorize(token, spec.capability);
      await noteUse(token, ip);
      const { query, body } = await parse(request, spec);

      const response = await handler({
        request,
        token,
        body: body as Parsed<B>,
        query: query as Parsed<Q>,
        params: await route.params,
      });
      for (const [name, value] of Object.entries(rateHeaders)) response.headers.set(name, value);
      return response;
    } catch (error) {
      if (error instanceof HttpError) return httpErrorResponse(error, rateHeaders);
      return internalErrorResponse("api", request, error, rateHeaders);
    }
  };
}
