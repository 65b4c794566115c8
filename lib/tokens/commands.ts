import { recordAuditIn } from "@/lib/audit/record";
import type { Scope } from "@/lib/auth/policy";
import { serializable } from "@/lib/db-transaction";
import {
  countActiveTokens,
  findTokenForRevoke,
  hasActiveTokenNamed,
  insertToken,
  markTokenRevoked,
} from "@/lib/tokens/queries";

// Creating and revoking API tokens, each with its audit entry in the same transaction.

/** A standing cap: a stolen session cannot mint tokens without end, and the list stays readable. */
export const ACTIVE_TOKEN_LIMIT = 50;

type Person = { id: string; email: string };

export type CreateTokenOutcome =
  | { ok: true; token: string; row: { id: string; prefix: string; scopes: string } }
  | { ok: false; reason: "limit" | "duplicate-name" };

export function createToken(
  person: Person,
  input: { name: string; scopes: Scope[]; expiresAt: Date | null },
): Promise<CreateTokenOutcome> {
  // Serializable, so two creations racing at 49 tokens cannot both pass the count.
  return serializable(async (tx) => {
    if ((await countActiveTokens(person.id, tx)) >= ACTIVE_TOKEN_LIMIT) return { ok: false, reason: "limit" };
    if (await hasActiveTokenNamed(person.id, input.name, tx)) return { ok: false, reason: "duplicate-name" };
    const { token, row } = await insertToken({ personId: person.id, ...input }, tx);
    await recordAuditIn(tx, {
      action: "token.created",
      actor: person,
      target: person,
      after: {
        token: row.prefix,
        name: input.name,
        scopes: row.scopes,
        expiresAt: input.expiresAt?.toISOString() ?? "never",
      },
    });
    return { ok: true, token, row };
  });
}

export type RevokeTokenOutcome = { ok: true; name: string; alreadyRevoked: boolean } | { ok: false };

/**
 * Revokes a token. With `ownerId`, only a token that person owns (self-service: nobody revokes
 * someone else's token by id); without, any token (an admin acting on a person's tokens, which the
 * caller has authorized through the policy).
 */
export function revokeToken(actor: Person, tokenId: string, ownerId?: string): Promise<RevokeTokenOutcome> {
  return serializable(async (tx) => {
    const token = await findTokenForRevoke(tokenId, ownerId, tx);
    if (!token) return { ok: false };
    if (token.revokedAt) return { ok: true, name: token.name, alreadyRevoked: true };
    await markTokenRevoked(token.id, tx);
    await recordAuditIn(tx, {
      action: "token.revoked",
      actor,
      target: token.user,
      before: { token: token.prefix, name: token.name },
    });
    return { ok: true, name: token.name, alreadyRevoked: false };
  });
}
