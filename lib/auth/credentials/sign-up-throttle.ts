import { addressBucket } from "@/lib/http/client-address";
import { rateLimitStore } from "@/lib/rate-limit/limiter";
import type { RateLimitStore } from "@/lib/rate-limit/stores";

// Sign-ups per network (an IPv4 address or an IPv6 /64) and hour, counted in the shared store. Each
// sign-up costs an argon2 hash and a row; a family or an office behind one address signs up a few
// people, a script signs up thousands.
export const SIGN_UP_WINDOW_MS = 60 * 60_000;
export const SIGN_UP_LIMIT = 10;

export type SignUpReservation =
  /** `cancel` hands the slot back, for a sign-up that failed on our side (too busy, no database). */
  | { allowed: true; cancel: () => Promise<void> }
  | { allowed: false; retryAfterSeconds: number; firstRefusalInWindow: boolean };

export async function reserveSignUp(
  ip: string | null,
  store: RateLimitStore = rateLimitStore(),
): Promise<SignUpReservation> {
  const key = `signup:${addressBucket(ip)}`;
  const { count, resetMs } = await store.hit(key, SIGN_UP_WINDOW_MS);
  if (count <= SIGN_UP_LIMIT) return { allowed: true, cancel: () => store.release(key) };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)),
    firstRefusalInWindow: count === SIGN_UP_LIMIT + 1,
  };
}
