import { env } from "@/lib/env";
import { FallbackStore, MemoryStore, redisStore, type RateLimitStore } from "@/lib/rate-limit/stores";

export type RateLimitResult = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

const WINDOW_MS = 60_000;

let store: RateLimitStore | undefined;

export function rateLimitStore(): RateLimitStore {
  store ??= env.RATE_LIMIT_REDIS_URL ? new FallbackStore(redisStore(env.RATE_LIMIT_REDIS_URL)) : new MemoryStore();
  return store;
}

export async function checkRateLimit(
  key: string,
  limit: number,
  using: RateLimitStore = rateLimitStore(),
): Promise<RateLimitResult> {
  const { count, resetMs } = await using.hit(key, WINDOW_MS);
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil(resetMs / 1000)),
  };
}

/** The IETF RateLimit header fields, plus Retry-After when the limit is spent. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(result.limit),
    "RateLimit-Remaining": String(result.remaining),
    "RateLimit-Reset": String(result.resetSeconds),
  };
  if (!result.allowed) headers["Retry-After"] = String(result.resetSeconds);
  return headers;
}
