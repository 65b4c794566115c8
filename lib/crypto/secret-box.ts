import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// Keys derived from AUTH_SECRET with HKDF (one key per purpose, so a key for one job never serves
// another), and what they seal: authenticator secrets, the OAuth server's signing keys and stored
// records, recovery codes. A copy of the database alone then yields neither the authenticator
// secrets nor the recovery codes. Changing AUTH_SECRET therefore turns off every authenticator app
// and recovery code as well as every session: docs/security.md says so.

/** A 256-bit key for one purpose, derived from AUTH_SECRET (the OAuth server's cookie keys use it too). */
export function derivedKey(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", env.AUTH_SECRET, "gatehouse", `gatehouse ${purpose} v1`, 32));
}

const sealKeys = new Map<string, Buffer>();
let codeKey: Buffer | undefined;

function sealKeyFor(purpose: string): Buffer {
  let key = sealKeys.get(purpose);
  if (!key) sealKeys.set(purpose, (key = derivedKey(purpose)));
  return key;
}

/**
 * AES-256-GCM: "v1." + base64url(iv | tag | ciphertext). `boundTo` (the person's id) is bound in as
 * associated data; `purpose` picks the key (the OAuth server's signing keys have their own).
 */
export function seal(plaintext: string, boundTo: string, purpose = "totp secret"): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKeyFor(purpose), iv);
  cipher.setAAD(Buffer.from(boundTo));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** The plaintext, or null when the box was not sealed for this person with this key. */
export function open(sealed: string, boundTo: string, purpose = "totp secret"): string | null {
  if (!sealed.startsWith("v1.")) return null;
  const raw = Buffer.from(sealed.slice(3), "base64url");
  if (raw.length < 29) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealKeyFor(purpose), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/**
 * A keyed hash (HMAC-SHA256) for short secrets such as recovery codes: 50 random bits are too few
 * for a plain hash that someone with the database could try offline, not for a key they lack.
 */
export function keyedHash(value: string): string {
  codeKey ??= derivedKey("recovery code");
  return createHmac("sha256", codeKey).update(value).digest("hex");
}
