import Redis from "ioredis";
import { onShutdown } from "@/lib/server/shutdown";

export type WindowCount = { count: number; resetMs: number };

/** Counts hits in fixed windows. Implementations must be atomic per key. */
export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** The current window's count without adding to it (0 when there is none). */
  peek(key: string): Promise<WindowCount>;
  reset(key: string): Promise<void>;
  /** Takes one back from the current window (a reserved attempt that turned out fine); never below 0. */
  release(key: string): Promise<void>;
  /** Resolves when the store answers (for the readiness probe); a store in this process always does. */
  ping(): Promise<void>;
}

/** One process's memory: right for a single instance, wrong for several (each would count alone). */
export class MemoryStore implements RateLimitStore {
  private windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = Date.now();

  async ping(): Promise<void> {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = Date.now();
    if (now - this.lastSweep > windowMs) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetMs: window.resetAt - now };
  }

  async peek(key: string): Promise<WindowCount> {
    const window = this.windows.get(key);
    const now = Date.now();
    return window && window.resetAt > now
      ? { count: window.count, resetMs: window.resetAt - now }
      : { count: 0, resetMs: 0 };
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  async release(key: string): Promise<void> {
    const window = this.windows.get(key);
    if (window && window.count > 0) window.count -= 1;
  }

  private sweep(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    this.lastSweep = now;
  }
}

// INCR and set the expiry on the first hit, in one round trip and atomically.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }
`;

// DECR only an existing, positive count, keeping its expiry.
const RELEASE_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return count
`;

/** Shared by every instance that points at the same Redis. */
export class RedisStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "gatehouse:ratelimit:",
  ) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, `${this.prefix}${key}`, windowMs)) as [number, number];
    return { count, resetMs: ttl > 0 ? ttl : windowMs };
  }

  async peek(key: string): Promise<WindowCount> {
    const [count, ttl] = await Promise.all([
      this.redis.get(`${this.prefix}${key}`),
      this.redis.pttl(`${this.prefix}${key}`),
    ]);
    return { count: Number(count ?? 0), resetMs: ttl > 0 ? ttl : 0 };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}${key}`);
  }

  async release(key: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, `${this.prefix}${key}`);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }
}

export function redisStore(url: string): RedisStore {
  // A Redis that stops answering must cost a request half a second at most (then FallbackStore
  // counts in memory), not the client's default of retrying for as long as it takes.
  const redis = new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    commandTimeout: 500,
  });
  // Connection errors surface on the commands that fail (FallbackStore logs the loss once); without a
  // listener the client would also print every reconnection attempt.
  redis.on("error", () => undefined);
  // Requests are finished by then: nothing waits for an answer, so no need to wait for QUIT's.
  onShutdown("Redis", () => redis.disconnect());
  return new RedisStore(redis);
}

/**
 * The shared store, with this process's memory standing in while it does not answer. Limits keep
 * holding, counted per instance for that time (so N instances allow up to N times a limit), never
 * none and never everyone refused; the readiness probe still reports the shared store down. While it
 * is down, it is asked again every `retryMs`, not on every request. Losing it and getting it back
 * are each logged once.
 */
export class FallbackStore implements RateLimitStore {
  private downSince: number | null = null;
  private retryAt = 0;

  constructor(
    private readonly shared: RateLimitStore,
    private readonly local: RateLimitStore = new MemoryStore(),
    private readonly retryMs = 5_000,
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {}

  private async use<T>(work: (store: RateLimitStore) => Promise<T>): Promise<T> {
    if (this.downSince !== null && Date.now() < this.retryAt) return work(this.local);
    try {
      const result = await work(this.shared);
      if (this.downSince !== null) {
        const seconds = Math.round((Date.now() - this.downSince) / 1000);
        this.warn(`[rate-limit] the shared store answers again after ${seconds} s: counting there again.`);
        this.downSince = null;
      }
      return result;
    } catch (error) {
      if (this.downSince === null) {
        this.downSince = Date.now();
        const reason = error instanceof Error ? error.message : String(error);
        this.warn(
          `[rate-limit] the shared store does not answer (${reason}): counting in this instance until it does.`,
        );
      }
      this.retryAt = Date.now() + this.retryMs;
      return work(this.local);
    }
  }

  hit(key: string, windowMs: number): Promise<WindowCount> {
    return this.use((store) => store.hit(key, windowMs));
  }

  peek(key: string): Promise<WindowCount> {
    return this.use((store) => store.peek(key));
  }

  reset(key: string): Promise<void> {
    return this.use((store) => store.reset(key));
  }

  release(key: string): Promise<void> {
    return this.use((store) => store.release(key));
  }

  ping(): Promise<void> {
    return this.shared.ping();
  }
}
