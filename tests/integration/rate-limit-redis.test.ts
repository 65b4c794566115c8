import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS, reserveSignInAttempt } from "@/lib/auth/credentials/sign-in-throttle";
import { checkRateLimit } from "@/lib/rate-limit/limiter";
import { MemoryStore, RedisStore, type RateLimitStore } from "@/lib/rate-limit/stores";

/** 150 sign-in attempts at once, as a parallel burst arrives: how many may go on to a password check. */
async function burst(store: RateLimitStore, email: (i: number) => string | undefined) {
  const reservations = await Promise.all(
    Array.from({ length: 150 }, (_, i) => reserveSignInAttempt(email(i), "2001:db8:77::1", store)),
  );
  return {
    allowed: reservations.filter((reservation) => !reservation.throttled).length,
    limitsReached: reservations
      .flatMap((reservation) => (reservation.throttled ? reservation.limitsJustReached : []))
      .sort(),
  };
}

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function reachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const redisUp = await reachable();
// CI machines run Redis; a laptop without it skips these rather than failing, and says so.
const describeRedis = redisUp || process.env.CI ? describe : describe.skip;
if (!redisUp && !process.env.CI)
  console.warn(`Redis not reachable at ${REDIS_URL}: skipping the shared rate-limit store tests.`);

describeRedis("the shared (Redis) rate-limit store", () => {
  const connections: Redis[] = [];
  const connect = () => {
    const redis = new Redis(REDIS_URL);
    connections.push(redis);
    return redis;
  };
  afterAll(() => connections.forEach((redis) => redis.disconnect()));

  it("counts hits from two instances together", async () => {
    // Two app instances: two connections, one Redis, one key.
    const instanceA = new RedisStore(connect(), `gatehouse-test:${randomUUID()}:`);
    const instanceB = new RedisStore(connect(), (instanceA as unknown as { prefix: string }).prefix);
    const results = [];
    for (let i = 0; i < 6; i++)
      results.push(await checkRateLimit("token:shared", 4, i % 2 === 0 ? instanceA : instanceB));
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, true, false, false]);
    expect(results[3].remaining).toBe(0);
    expect(results[5].resetSeconds).toBeGreaterThan(0);
  });

  it("lets a parallel burst of sign-in attempts past the limits exactly as often as the limits allow", async () => {
    const store = new RedisStore(connect(), `gatehouse-test:${randomUUID()}:`);
    expect(await burst(store, () => "victim@example.com")).toEqual({
      allowed: SIGN_IN_LIMITS.accountAddress,
      limitsReached: ["account", "account-and-network", "network"],
    });
    const spray = new RedisStore(connect(), `gatehouse-test:${randomUUID()}:`);
    expect((await burst(spray, (i) => `spray-${i}@example.com`)).allowed).toBe(SIGN_IN_LIMITS.address);
  });

  it("sets the window's expiry on the first hit", async () => {
    const redis = connect();
    const prefix = `gatehouse-test:${randomUUID()}:`;
    await new RedisStore(redis, prefix).hit("k", 60_000);
    expect(await redis.pttl(`${prefix}k`)).toBeGreaterThan(50_000);
  });
});

describe("the in-memory rate-limit store", () => {
  it("lets a parallel burst of sign-in attempts past the limits exactly as often as the limits allow", async () => {
    expect(await burst(new MemoryStore(), () => "victim@example.com")).toEqual({
      allowed: SIGN_IN_LIMITS.accountAddress,
      limitsReached: ["account", "account-and-network", "network"],
    });
    expect((await burst(new MemoryStore(), (i) => `spray-${i}@example.com`)).allowed).toBe(SIGN_IN_LIMITS.address);
    // Attempts that name no valid email still count against the network.
    expect((await burst(new MemoryStore(), () => undefined)).allowed).toBe(SIGN_IN_LIMITS.address);
  });

  it("counts per key and starts a new window when the old one ends", async () => {
    const store = new MemoryStore();
    expect((await store.hit("a", 50)).count).toBe(1);
    expect((await store.hit("a", 50)).count).toBe(2);
    expect((await store.hit("b", 50)).count).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await store.hit("a", 50)).count).toBe(1);
  });
});
