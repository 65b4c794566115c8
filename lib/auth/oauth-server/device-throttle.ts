import { createHash } from "node:crypto";
import { addressBucket } from "@/lib/http/client-address";
import { rateLimitStore } from "@/lib/rate-limit/limiter";
import type { RateLimitStore } from "@/lib/rate-limit/stores";

// A device's user code is 8 letters from a 20-letter alphabet, valid for 10 minutes (RFC 8628 §6.1):
// guessing one is only hopeless while guesses are few. A network's code submissions at the device
// page are counted in the shared store before the provider looks the code up (so a parallel burst
// cannot slip past), and a submission whose code was found is given back: only wrong codes use up
// the allowance, and people connecting devices are never held up by it.
export const DEVICE_CODE_WINDOW_MS = 15 * 60_000;
export const DEVICE_CODE_LIMIT = 10;

/** Set on the provider's answer when the submitted code named a live device request. */
export const DEVICE_CODE_FOUND_HEADER = "x-gatehouse-device-code-found";

export type DeviceCodeReservation =
  | { allowed: true; found: () => Promise<void> }
  | { allowed: false; retryAfterSeconds: number; firstRefusalInWindow: boolean };

export async function reserveDeviceCodeTry(
  ip: string | null,
  store: RateLimitStore = rateLimitStore(),
): Promise<DeviceCodeReservation> {
  const key = `device-code:${addressBucket(ip)}`;
  const { count, resetMs } = await store.hit(key, DEVICE_CODE_WINDOW_MS);
  if (count <= DEVICE_CODE_LIMIT) return { allowed: true, found: () => store.release(key) };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)),
    firstRefusalInWindow: count === DEVICE_CODE_LIMIT + 1,
  };
}

// RFC 8628 §3.5: a device polls the token endpoint no faster than every `interval` seconds (5 when
// the authorization response does not say, as here); one that polls faster is told slow_down and
// must wait 5 s longer from then on. oidc-provider does not enforce it, so Gatehouse does, per device
// code (by its hash), in the shared store. A poll up to a second early (timers drift) is on time.
export const DEVICE_POLL_INTERVAL_MS = 5_000;
const EARLY_TOLERANCE_MS = 1_000;

export async function pollsTooSoon(deviceCode: string, store: RateLimitStore = rateLimitStore()): Promise<boolean> {
  const key = `device-poll:${createHash("sha256").update(deviceCode).digest("base64url")}`;
  const { count } = await store.hit(key, DEVICE_POLL_INTERVAL_MS - EARLY_TOLERANCE_MS);
  return count > 1;
}
