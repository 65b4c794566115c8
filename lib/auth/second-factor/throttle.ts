import "server-only";
import { addressBucket } from "@/lib/http/client-address";
import { takeAttempt, type ThrottleResult } from "@/lib/rate-limit/throttle";

// Codes are counted like passwords (lib/auth/credentials/sign-in-throttle.ts), each in a 15-minute
// window that ends by itself, so the owner is never kept out for longer: this person from this
// network (5), this person from anywhere (10), this network for anyone (30). Every try counts before
// the code is checked. Three of the 10⁶ codes are valid at a time (±1 step), so someone who has the
// password and guesses without pause gets 960 tries a day: about 1 chance in 350 per day, with every
// wrong code in the audit log for the owner and the admins to see.
const WINDOW_MS = 15 * 60_000;
export const CODE_LIMITS = { personAddress: 5, person: 10, address: 30 } as const;

export function takeCodeAttempt(personId: string, address: string | null): Promise<ThrottleResult> {
  const bucket = addressBucket(address);
  return takeAttempt([
    { key: `second-factor:${personId}:${bucket}`, limit: CODE_LIMITS.personAddress, windowMs: WINDOW_MS },
    { key: `second-factor:${personId}`, limit: CODE_LIMITS.person, windowMs: WINDOW_MS },
    { key: `second-factor-net:${bucket}`, limit: CODE_LIMITS.address, windowMs: WINDOW_MS },
  ]);
}
