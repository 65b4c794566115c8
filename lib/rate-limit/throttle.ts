import { rateLimitStore } from "@/lib/rate-limit/limiter";
import type { RateLimitStore } from "@/lib/rate-limit/stores";

export type ThrottleResult =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; firstRefusalInWindow: boolean };

/**
 * Counts one attempt against each of `limits` (a key, how many per window, the window) and says
 * whether it may go ahead. Counted atomically before the work it guards, in the shared store when
 * RATE_LIMIT_REDIS_URL is set. `firstRefusalInWindow` is true for one refused attempt per limit and
 * window, for an audit entry that says a limit was reached.
 */
export async function takeAttempt(
  limits: Array<{ key: string; limit: number; windowMs: number }>,
  store: RateLimitStore = rateLimitStore(),
): Promise<ThrottleResult> {
  const counts = await Promise.all(limits.map(({ key, windowMs }) => store.hit(key, windowMs)));
  const over = limits
    .map((limit, index) => ({ ...limit, ...counts[index] }))
    .filter(({ count, limit }) => count > limit);
  if (over.length === 0) return { allowed: true };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...over.map(({ resetMs }) => resetMs)) / 1000)),
    firstRefusalInWindow: over.some(({ count, limit }) => count === limit + 1),
  };
}
