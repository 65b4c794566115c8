import { newSecret, secretHash } from "@/lib/crypto/secrets";

export const TOKEN_PREFIX = "gat_";
const TOKEN_PATTERN = /^gat_[A-Za-z0-9_-]{43}$/;

/** A new token: the secret to show once, and what to store (its hash and a recognisable prefix). */
export function generateToken(): { token: string; tokenHash: string; prefix: string } {
  const { secret: token, hash: tokenHash } = newSecret(TOKEN_PREFIX);
  return { token, tokenHash, prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export const hashToken = secretHash;

export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
