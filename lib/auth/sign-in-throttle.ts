import { rateLimitStore } from "@/lib/rate-limit/limiter";
import type { RateLimitStore } from "@/lib/rate-limit/stores";

// Failed password sign-ins are counted three ways, each in a 15-minute window:
//  - this email from this address: 5 failures, the guesser at the keyboard;
//  - this address, any email: 30 failures, one machine spraying many accounts;
//  - this email, any address: 50 failures, a distributed attack on one account.
// The last could let an attacker keep a victim locked out, so it never applies from an address
// that has signed in to that account successfully before (remembered for 30 days). Every window
// ends by itself 15 minutes after it began: no lock lasts longer.
export const THROTTLE_WINDOW_MS = 15 * 60_000;
const KNOWN_ADDRESS_MS = 30 * 24 * 3600_000;
const LIMITS = { accountAddress: 5, address: 30, account: 50 } as const;

export type Throttle = { throttled: false } | { throttled: true; retryAfterSeconds: number };

function keys(email: string, ip: string) {
  return {
    accountAddress: `signin:fail:${email}:${ip}`,
    address: `signin:fail-ip:${ip}`,
    account: `signin:fail-acct:${email}`,
    known: `signin:known:${email}:${ip}`,
  };
}

/** Whether a sign-in attempt for `email` from `ip` must wait. Checked before any password work. */
export async function signInThrottle(email: string, ip: string, store: RateLimitStore = rateLimitStore()): Promise<Throttle> {
  const k = keys(email, ip);
  const [accountAddress, address, account, known] = await Promise.all([store.peek(k.accountAddress), store.peek(k.address), store.peek(k.account), store.peek(k.known)]);
  const blocking = [
    accountAddress.count >= LIMITS.accountAddress ? accountAddress : null,
    address.count >= LIMITS.address ? address : null,
    known.count === 0 && account.count >= LIMITS.account ? account : null,
  ].filter((window) => window !== null);
  if (blocking.length === 0) return { throttled: false };
  return { throttled: true, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...blocking.map((w) => w.resetMs)) / 1000)) };
}

export async function recordFailedSignIn(email: string, ip: string, store: RateLimitStore = rateLimitStore()): Promise<void> {
  const k = keys(email, ip);
  await Promise.all([store.hit(k.accountAddress, THROTTLE_WINDOW_MS), store.hit(k.address, THROTTLE_WINDOW_MS), store.hit(k.account, THROTTLE_WINDOW_MS)]);
}

export async function recordSuccessfulSignIn(email: string, ip: string, store: RateLimitStore = rateLimitStore()): Promise<void> {
  const k = keys(email, ip);
  await Promise.all([store.reset(k.accountAddress), store.hit(k.known, KNOWN_ADDRESS_MS)]);
}
