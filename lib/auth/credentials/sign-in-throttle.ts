import { addressBucket } from "@/lib/http/client-address";
import { rateLimitStore } from "@/lib/rate-limit/limiter";
import type { RateLimitStore, WindowCount } from "@/lib/rate-limit/stores";

// Password sign-in attempts are counted three ways, each in a 15-minute window:
//  - this email from this network: 5 attempts, the guesser at the keyboard;
//  - this network, any email (or no valid email at all): 30 attempts, one machine spraying accounts;
//  - this email, any network: 50 attempts, a distributed attack on one account.
// The last could let an attacker keep a victim locked out, so it never applies from a network that
// has signed in to that account successfully before (remembered for 30 days). Every window ends by
// itself 15 minutes after it began: no lock lasts longer.
//
// An attempt is reserved (counted) atomically BEFORE any password work, so a parallel burst cannot
// slip more attempts past the limits than the limits allow; a successful sign-in hands its
// reservation back. A "network" is an IPv4 address or an IPv6 /64 (lib/http/client-address.ts).
export const THROTTLE_WINDOW_MS = 15 * 60_000;
const KNOWN_ADDRESS_MS = 30 * 24 * 3600_000;
export const SIGN_IN_LIMITS = { accountAddress: 5, address: 30, account: 50 } as const;

export type SignInReservation =
  | { throttled: false; succeeded: () => Promise<void>; cancel: () => Promise<void> }
  | { throttled: true; retryAfterSeconds: number; limitsJustReached: ThrottleLimit[] };

/** Which count stopped an attempt: this email from this network, this network, or this email. */
export type ThrottleLimit = "account-and-network" | "network" | "account";

function keys(email: string | undefined, bucket: string) {
  return {
    accountAddress: email ? `signin:fail:${email}:${bucket}` : undefined,
    address: `signin:fail-ip:${bucket}`,
    account: email ? `signin:fail-acct:${email}` : undefined,
    known: email ? `signin:known:${email}:${bucket}` : undefined,
  };
}

const NONE: WindowCount = { count: 0, resetMs: 0 };

/**
 * Counts a sign-in attempt for `email` (undefined when the attempt named no valid email) from `ip`,
 * and says whether it must wait. `limitsJustReached` names a limit for exactly one refused attempt
 * per limit and window, so the audit log records each limit being reached once, not every attempt.
 */
export async function reserveSignInAttempt(
  email: string | undefined,
  ip: string | null,
  store: RateLimitStore = rateLimitStore(),
): Promise<SignInReservation> {
  const k = keys(email, addressBucket(ip));
  const [accountAddress, address, account, known] = await Promise.all([
    k.accountAddress ? store.hit(k.accountAddress, THROTTLE_WINDOW_MS) : NONE,
    store.hit(k.address, THROTTLE_WINDOW_MS),
    k.account ? store.hit(k.account, THROTTLE_WINDOW_MS) : NONE,
    k.known ? store.peek(k.known) : NONE,
  ]);
  const over = [
    { name: "account-and-network" as const, window: accountAddress, limit: SIGN_IN_LIMITS.accountAddress },
    { name: "network" as const, window: address, limit: SIGN_IN_LIMITS.address },
    ...(known.count === 0 ? [{ name: "account" as const, window: account, limit: SIGN_IN_LIMITS.account }] : []),
  ].filter(({ window, limit }) => window.count > limit);
  if (over.length > 0) {
    return {
      throttled: true,
      retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...over.map(({ window }) => window.resetMs)) / 1000)),
      limitsJustReached: over.filter(({ window, limit }) => window.count === limit + 1).map(({ name }) => name),
    };
  }
  const giveBack = () => [
    k.accountAddress ? store.release(k.accountAddress) : undefined,
    store.release(k.address),
    k.account ? store.release(k.account) : undefined,
  ];
  return {
    throttled: false,
    // A successful sign-in: this attempt was no failure, the network's failures for this account are
    // forgiven, and the network becomes a known one.
    succeeded: async () => {
      await Promise.all([
        ...giveBack(),
        k.accountAddress ? store.reset(k.accountAddress) : undefined,
        k.known ? store.hit(k.known, KNOWN_ADDRESS_MS) : undefined,
      ]);
    },
    // The attempt never ran (the server was too busy to check the password).
    cancel: async () => {
      await Promise.all(giveBack());
    },
  };
}
