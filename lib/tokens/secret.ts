import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "gat_";
// 32 random bytes: 256 bits of entropy, 43 base64url characters.
const SECRET_BYTES = 32;
const TOKEN_PATTERN = /^gat_[A-Za-z0-9_-]{43}$/;

/** A new token: the secret to show once, and what to store (its hash and a recognisable prefix). */
export function generateToken(): { token: string; tokenHash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(SECRET_BYTES).toString("base64url")}`;
  return { token, tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

/** SHA-256 is enough here: the input is 256 random bits, not a guessable password. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
