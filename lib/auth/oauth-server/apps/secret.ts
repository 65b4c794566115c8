import { createHash, randomBytes } from "node:crypto";

// A client id names an app in URLs and logs; a client secret is a credential, stored only as a hash.
const SECRET_PREFIX = "gas_";

export function newClientId(): string {
  return `app_${randomBytes(16).toString("base64url")}`;
}

/** A new secret: 256 random bits to show once, its hash to store and a prefix to recognise it by. */
export function generateClientSecret(): { secret: string; secretHash: string; prefix: string } {
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { secret, secretHash: hashClientSecret(secret), prefix: secret.slice(0, SECRET_PREFIX.length + 6) };
}

/** SHA-256 is enough: the input is 256 random bits, not a guessable password. */
export function hashClientSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
