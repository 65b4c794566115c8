import { afterAll, describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS, reserveSignInAttempt } from "@/lib/auth/credentials/sign-in-throttle";
import { FallbackStore, MemoryStore, redisStore } from "@/lib/rate-limit/stores";
import { freePort, hasRedisServer, startRedis } from "../support/own-services.mjs";

// What throttling does when the shared Redis dies mid-run, and when it comes back: a Redis of the
// test's own (redis-server on a free port), never the machine's shared one.

// CI installs it (.ci/run); a laptop without it skips this rather than failing, and says so.
const describeLoss = hasRedisServer || process.env.CI ? describe : describe.skip;
if (!hasRedisServer && !process.env.CI) console.warn("No redis-server here: skipping the Redis-loss test.");

let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
afterAll(() => redis?.kill());

describeLoss("sign-in throttling when Redis dies mid-run", () => {
  it("keeps limiting, in memory, without failing a request; goes back to Redis when it returns", async () => {
    const port = await freePort();
    redis = await startRedis(port);
    const warnings: string[] = [];
    const store = new FallbackStore(redisStore(`redis://127.0.0.1:${port}`), new MemoryStore(), 200, (message) =>
      warnings.push(message),
    );
    const attempt = () => reserveSignInAttempt("victim@example.test", "2001:db8:99::1", store);

    // Two attempts counted in Redis.
    expect((await attempt()).throttled).toBe(false);
    expect((await attempt()).throttled).toBe(false);

    await redis.kill();
    // Redis is gone: no attempt fails, and the limit still holds (counted afresh in this instance):
    // never unlimited, and the rightful person is not locked out for good either.
    const started = Date.now();
    const during = [];
    for (let i = 0; i < SIGN_IN_LIMITS.accountAddress + 2; i++) during.push(await attempt());
    expect(during.slice(0, SIGN_IN_LIMITS.accountAddress).every((reservation) => !reservation.throttled)).toBe(true);
    expect(during.slice(SIGN_IN_LIMITS.accountAddress).every((reservation) => reservation.throttled)).toBe(true);
    // Only the first request waits for the dead Redis (bounded); the rest go straight to memory.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("does not answer");

    // Redis returns (empty, as after a restart without persistence): counting goes back to it.
    redis = await startRedis(port);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect.poll(async () => (await attempt()).throttled, { timeout: 10_000 }).toBe(false);
    expect(warnings.at(-1)).toContain("answers again");
  }, 30_000);
});
