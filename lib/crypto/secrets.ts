import { createHash, randomBytes } from "node:crypto";

// The one recipe for a secret Gatehouse hands out and keeps only the hash of (personal tokens, app
// client secrets, mailed links, the second step's cookie): 256 random bits, base64url, behind a
// prefix that says what it is, stored as its SHA-256. A plain hash is enough because the input is
// random, not guessable: nobody with the database can try candidates for it.

const SECRET_BYTES = 32;

/** A new secret (to show or send once) and the hash to store in its place. */
export function newSecret(prefix = ""): { secret: string; hash: string } {
  const secret = `${prefix}${randomBytes(SECRET_BYTES).toString("base64url")}`;
  return { secret, hash: secretHash(secret) };
}

/** What is stored for a secret, and what a presented one is looked up by. */
export function secretHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A random id that is no secret (an app's client id, a key id): `bytes` random bytes, base64url. */
export function randomId(prefix: string, bytes: number): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}
