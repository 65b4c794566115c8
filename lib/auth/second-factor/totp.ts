import "server-only";
import { Secret, TOTP } from "otpauth";

// RFC 6238 with the parameters every authenticator app understands: SHA-1, 6 digits, 30 s.
const PERIOD_SECONDS = 30;
const DIGITS = 6;
// One step either way: a phone whose clock is up to 30 s off, or a code typed as it changes.
const DRIFT_STEPS = 1;
const ISSUER = "Gatehouse";

function totpFor(secretBase32: string, label = "") {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new shared secret (160 bits, as RFC 4226 recommends), in base32 as apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an app scans from the QR code, labelled with the person's address. */
export function totpUri(secretBase32: string, email: string): string {
  return totpFor(secretBase32, email).toString();
}

/** Six digits, spaces allowed ("123 456" as apps show it). */
export function normaliseTotpCode(input: string): string | null {
  const code = input.replace(/\s+/g, "");
  return /^\d{6}$/.test(code) ? code : null;
}

/**
 * The time step a code belongs to (within ±1 step of now), or null when it matches none. The caller
 * accepts it only if the step is later than the last one used (no replay).
 */
export function matchingTotpStep(secretBase32: string, code: string, nowMs = Date.now()): number | null {
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: nowMs, window: DRIFT_STEPS });
  if (delta === null) return null;
  return Math.floor(nowMs / 1000 / PERIOD_SECONDS) + delta;
}
