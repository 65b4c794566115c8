import "server-only";
import { randomInt } from "node:crypto";
import { keyedHash } from "@/lib/crypto/secret-box";

// Ten single-use codes, each 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
// shown as "xxxxx-xxxxx": 50 bits each, with a keyed hash stored (lib/auth/second-factor/secret-box.ts).
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Case, spaces and the dash do not matter; anything else that is not a code's shape is null. */
export function normaliseRecoveryCode(input: string): string | null {
  const chars = input.toLowerCase().replace(/[\s-]+/g, "");
  if (chars.length !== LENGTH || [...chars].some((char) => !ALPHABET.includes(char))) return null;
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export function hashRecoveryCode(code: string): string {
  return keyedHash(code);
}
