import "server-only";
import type { NextRequest } from "next/server";
import { isRole, type Role } from "@/lib/auth/policy";
import { HttpError } from "@/lib/http/errors";
import { authenticateAppToken } from "@/lib/auth/oauth-server/access-tokens";
import { findTokenByHash } from "@/lib/tokens/queries";
import { hashToken, looksLikeToken } from "@/lib/tokens/secret";

const REALM = 'Bearer realm="gatehouse"';

/** RFC 6750 §3: the challenge, with an error code when the request carried a token or a malformed one. */
export function bearerChallenge(
  error?: "invalid_request" | "invalid_token" | "insufficient_scope",
  description?: string,
  scope?: string,
): string {
  const parts = [REALM];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description="${description.replaceAll('"', "'")}"`);
  if (scope) parts.push(`scope="${scope}"`);
  return parts.join(", ");
}

export type AuthenticatedToken = {
  /**
   * A personal access token, an access token an app got through OAuth on a person's consent, or an
   * app's own token (client credentials with a service role) (lib/auth/oauth-server).
   */
  kind: "personal" | "app" | "service";
  /** The token's id (personal) or its grant's id (app): what rate limits and "last used" count. */
  id: string;
  prefix: string;
  scopes: string[];
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  owner: { id: string; email: string; role: Role; emailVerified: boolean; secondFactorMissing: boolean };
};

function invalidToken(description: string): HttpError {
  return new HttpError(401, "invalid_token", `The access token is ${description}.`, {
    "WWW-Authenticate": bearerChallenge("invalid_token", `The access token is ${description}`),
  });
}

/** The raw token from `Authorization: Bearer …`, the only place Gatehouse accepts one (RFC 6750 §2.1). */
export function bearerTokenOf(request: NextRequest): string {
  if (request.nextUrl.searchParams.has("access_token")) {
    // Query strings end up in logs, histories and Referer headers.
    throw new HttpError(400, "invalid_request", "Send the token in the Authorization header, not in the URL.", {
      "WWW-Authenticate": bearerChallenge("invalid_request", "Tokens are accepted only in the Authorization header"),
    });
  }
  const header = request.headers.get("authorization");
  if (!header || !/^bearer\s/i.test(header)) {
    throw new HttpError(
      401,
      "unauthenticated",
      'This API needs an access token: send "Authorization: Bearer <token>".',
      { "WWW-Authenticate": bearerChallenge() },
    );
  }
  const token = header.slice(7).trim();
  if (!token || /\s/.test(token)) {
    throw new HttpError(400, "invalid_request", 'The Authorization header must be "Bearer <token>".', {
      "WWW-Authenticate": bearerChallenge("invalid_request", "Malformed Authorization header"),
    });
  }
  return token;
}

/** The token and its owner as they are now: unknown, revoked, expired or a disabled owner all fail. */
export async function authenticateBearer(request: NextRequest): Promise<AuthenticatedToken> {
  const raw = bearerTokenOf(request);
  if (!looksLikeToken(raw)) return authenticateApp(raw);
  const token = await findTokenByHash(hashToken(raw));
  if (!token) throw invalidToken("not recognised");
  if (token.revokedAt) throw invalidToken("revoked");
  if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) throw invalidToken("expired");
  if (token.user.disabledAt || !isRole(token.user.role))
    throw invalidToken("no longer valid: its owner's account is disabled");
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
      emailVerified: Boolean(token.user.emailVerified),
      secondFactorMissing: token.user.secondFactorMissing,
    },
  };
}

async function authenticateApp(raw: string): Promise<AuthenticatedToken> {
  const found = await authenticateAppToken(raw);
  if (!found.ok) {
    if (found.reason === "disabled-app")
      throw invalidToken("no longer valid: its app is disabled or has no service role any more");
    if (found.reason === "disabled-owner") throw invalidToken("no longer valid: its owner's account is disabled");
    throw invalidToken("not recognised");
  }
  const { token } = found;
  return {
    kind: token.kind === "person" ? "app" : "service",
    id: token.grantId,
    prefix: token.appId,
    scopes: token.scopes,
    lastUsedAt: null,
    lastUsedIp: null,
    owner: token.owner,
  };
}
