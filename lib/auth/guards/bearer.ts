import "server-only";
import type { NextRequest } from "next/server";
import { capabilitiesOf } from "@/lib/auth/policy";
import { HttpError } from "@/lib/http/errors";
import { authenticateAppToken, type TokenOwner } from "@/lib/auth/oauth-server/access-tokens";
import { DPOP_ALGORITHMS, verifyDpopProof, type DpopProblem } from "@/lib/auth/oauth-server/dpop";
import { findTokenByHash } from "@/lib/tokens/queries";
import { hashToken, looksLikeToken } from "@/lib/tokens/secret";
import { resourceMetadataUrl, resourceUrl, type ResourceName } from "@/lib/auth/oauth-server/resources";

const REALM = 'Bearer realm="gatehouse"';
// Offered beside Bearer on every 401 (RFC 9449 §7.1): an app with a DPoP-bound token learns how to
// send it, and which proof algorithms are accepted.
const DPOP_CHALLENGE = `DPoP algs="${DPOP_ALGORITHMS.join(" ")}"`;

const quoted = (text: string) => `"${text.replaceAll('"', "'")}"`;

/**
 * RFC 6750 §3: the challenge of `resource` (the REST API or the MCP server), with an error code when
 * the request carried a token or a malformed one. It names the resource's metadata (RFC 9728 §5.1),
 * where a client that has never seen Gatehouse learns which authorization server to ask and for what.
 */
export function bearerChallenge(
  resource: ResourceName,
  error?: "invalid_request" | "invalid_token" | "insufficient_scope",
  description?: string,
  scope?: string,
): string {
  const parts = [REALM];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description=${quoted(description)}`);
  if (scope) parts.push(`scope="${scope}"`);
  parts.push(`resource_metadata="${resourceMetadataUrl(resource)}"`);
  return error === "insufficient_scope" ? parts.join(", ") : `${parts.join(", ")}, ${DPOP_CHALLENGE}`;
}

/** RFC 9449 §7.1: the DPoP challenge for a proof (or a DPoP-bound token) that does not hold. */
function dpopChallenge(problem: DpopProblem): string {
  return `DPoP error="${problem.error}", error_description=${quoted(problem.description)}, algs="${DPOP_ALGORITHMS.join(" ")}"`;
}

/** The three kinds of token the API takes, by one name each everywhere (guards/api.ts dispatches on it). */
export type TokenKind = "personal" | "app" | "service";

export type AuthenticatedToken = {
  /**
   * A personal access token, an access token an app got through OAuth on a person's consent, or an
   * app's own token (client credentials with a service role) (lib/auth/oauth-server).
   */
  kind: TokenKind;
  /** The token's id (personal) or its grant's id (app): what rate limits and "last used" count. */
  id: string;
  prefix: string;
  scopes: string[];
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  owner: TokenOwner;
};

export type { TokenOwner };

function invalidToken(resource: ResourceName, description: string): HttpError {
  return new HttpError("invalid_token", `The access token is ${description}.`, {
    "WWW-Authenticate": bearerChallenge(resource, "invalid_token", `The access token is ${description}`),
  });
}

function refusedProof(problem: DpopProblem): HttpError {
  return new HttpError(problem.error, `${problem.description}.`, { "WWW-Authenticate": dpopChallenge(problem) });
}

type Presented = { token: string; scheme: "bearer" | "dpop" };

/**
 * The raw token from `Authorization: Bearer …` or `Authorization: DPoP …` (with its proof in the
 * DPoP header), the only places Gatehouse accepts one (RFC 6750 §2.1, RFC 9449 §7.1).
 */
function presentedToken(request: NextRequest, resource: ResourceName): Presented {
  if (request.nextUrl.searchParams.has("access_token")) {
    // Query strings end up in logs, histories and Referer headers.
    throw new HttpError("invalid_request", "Send the token in the Authorization header, not in the URL.", {
      "WWW-Authenticate": bearerChallenge(
        resource,
        "invalid_request",
        "Tokens are accepted only in the Authorization header",
      ),
    });
  }
  const header = request.headers.get("authorization");
  const scheme = header?.match(/^(bearer|dpop)\s/i)?.[1].toLowerCase() as Presented["scheme"] | undefined;
  if (!header || !scheme) {
    throw new HttpError("unauthenticated", 'This API needs an access token: send "Authorization: Bearer <token>".', {
      "WWW-Authenticate": bearerChallenge(resource),
    });
  }
  const token = header.slice(scheme.length + 1).trim();
  if (!token || /\s/.test(token)) {
    throw new HttpError("invalid_request", 'The Authorization header must be "Bearer <token>".', {
      "WWW-Authenticate": bearerChallenge(resource, "invalid_request", "Malformed Authorization header"),
    });
  }
  return { token, scheme };
}

/**
 * A DPoP-bound token works only as `Authorization: DPoP` with a proof from its key; an unbound one
 * only as Bearer (RFC 9449 §7.1): a bound token sent as Bearer is what a thief who copied it would send.
 */
async function checkBinding(
  request: NextRequest,
  resource: ResourceName,
  presented: Presented,
  boundTo: string | undefined,
) {
  if (!boundTo) {
    if (presented.scheme === "dpop")
      throw invalidToken(resource, 'not DPoP-bound: send it as "Authorization: Bearer <token>"');
    return;
  }
  if (presented.scheme !== "dpop")
    throw invalidToken(resource, 'DPoP-bound: send it as "Authorization: DPoP <token>" with a DPoP proof');
  const problem = await verifyDpopProof(request, presented.token, boundTo);
  if (problem) throw refusedProof(problem);
}

/**
 * The token and its owner as they are now, at `resource`: unknown, revoked, expired, a disabled owner
 * or a token for the other resource all fail. Personal tokens work at the REST API only: an agent
 * connects to the MCP server through OAuth, so its person sees it, and can revoke it, as an app.
 */
export async function authenticateBearer(
  request: NextRequest,
  resource: ResourceName = "api",
): Promise<AuthenticatedToken> {
  const presented = presentedToken(request, resource);
  const raw = presented.token;
  if (!looksLikeToken(raw)) return authenticateApp(request, resource, presented);
  if (resource !== "api")
    throw invalidToken(resource, "a personal token, which works at the REST API only: connect through OAuth");
  const token = await findTokenByHash(hashToken(raw));
  if (!token) throw invalidToken(resource, "not recognised");
  if (token.revokedAt) throw invalidToken(resource, "revoked");
  if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) throw invalidToken(resource, "expired");
  if (token.user.disabledAt || !capabilitiesOf(token.user))
    throw invalidToken(resource, "no longer valid: its owner's account is disabled");
  await checkBinding(request, resource, presented, undefined);
  return {
    kind: "personal",
    id: token.id,
    prefix: token.prefix,
    scopes: token.scopes.split(" ").filter(Boolean),
    lastUsedAt: token.lastUsedAt,
    lastUsedIp: token.lastUsedIp,
    owner: {
      id: token.user.id,
      email: token.user.email,
      role: token.user.role,
      capabilities: token.user.capabilities,
      emailVerified: Boolean(token.user.emailVerified),
      secondFactorMissing: token.user.secondFactorMissing,
    },
  };
}

async function authenticateApp(
  request: NextRequest,
  resource: ResourceName,
  presented: Presented,
): Promise<AuthenticatedToken> {
  const found = await authenticateAppToken(presented.token, resourceUrl(resource));
  if (!found.ok) {
    if (found.reason === "disabled-app")
      throw invalidToken(resource, "no longer valid: its app is disabled or has no service role any more");
    if (found.reason === "disabled-owner")
      throw invalidToken(resource, "no longer valid: its owner's account is disabled");
    // The API's unknown token stays "not recognised"; at the MCP server the usual cause is a token
    // asked for without its resource indicator, so say how to get the right one.
    throw invalidToken(
      resource,
      resource === "api"
        ? "not recognised"
        : `not recognised here: ask for it with resource=${resourceUrl(resource)} (RFC 8707)`,
    );
  }
  const { token } = found;
  await checkBinding(request, resource, presented, token.boundTo);
  return {
    kind: token.kind,
    id: token.grantId,
    prefix: token.appId,
    scopes: token.scopes,
    lastUsedAt: null,
    lastUsedIp: null,
    owner: token.owner,
  };
}
