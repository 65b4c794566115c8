import { db } from "@/lib/db";
import type { Scope } from "@/lib/auth/policy";
import { generateToken } from "@/lib/tokens/secret";

/** Stores a new token and returns its secret, which exists nowhere else from here on. */
export async function insertToken(data: { userId: string; name: string; scopes: Scope[]; expiresAt: Date | null }) {
  const { token, tokenHash, prefix } = generateToken();
  const row = await db.apiToken.create({
    data: { userId: data.userId, name: data.name, scopes: data.scopes.join(" "), expiresAt: data.expiresAt, tokenHash, prefix },
    select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true },
  });
  return { token, row };
}

export function listTokensFor(userId: string) {
  return db.apiToken.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, expiresAt: true, lastUsedAt: true, lastUsedIp: true, revokedAt: true },
  });
}

/** Revokes one of the person's own tokens. The owner is part of the condition: no one revokes another's token by id. */
export async function revokeOwnToken(userId: string, tokenId: string) {
  const token = await db.apiToken.findFirst({ where: { id: tokenId, userId }, select: { id: true, name: true, prefix: true, revokedAt: true } });
  if (!token) return null;
  if (!token.revokedAt) await db.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
  return token;
}

/** The token with this hash and its owner as they are now. */
export function findTokenByHash(tokenHash: string) {
  return db.apiToken.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      lastUsedIp: true,
      user: { select: { id: true, email: true, role: true, disabledAt: true } },
    },
  });
}

// Writing on every request would turn each API read into a database write; once a minute is
// precise enough for "last used", and a new address is always written (and audited) at once.
const LAST_USED_PRECISION_MS = 60_000;

export async function noteTokenUse(token: { id: string; lastUsedAt: Date | null; lastUsedIp: string | null }, ip: string | null) {
  const now = new Date();
  const newAddress = ip !== null && ip !== token.lastUsedIp;
  const stale = !token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_PRECISION_MS;
  if (newAddress || stale) await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now, lastUsedIp: ip ?? token.lastUsedIp } });
  return { newAddress };
}
