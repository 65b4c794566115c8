import { newSecret, randomId, secretHash } from "@/lib/crypto/secrets";

// A client id names an app in URLs and logs; a client secret is a credential, stored only as a hash.
const SECRET_PREFIX = "gas_";

export function newClientId(): string {
  return randomId("app_", 16);
}

/** A new secret: 256 random bits to show once, its hash to store and a prefix to recognise it by. */
export function generateClientSecret(): { secret: string; secretHash: string; prefix: string } {
  const { secret, hash } = newSecret(SECRET_PREFIX);
  return { secret, secretHash: hash, prefix: secret.slice(0, SECRET_PREFIX.length + 6) };
}

export const hashClientSecret = secretHash;
