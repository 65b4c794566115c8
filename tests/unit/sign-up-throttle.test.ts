import { describe, expect, it } from "vitest";
import { SIGN_UP_LIMIT, reserveSignUp } from "@/lib/auth/credentials/sign-up-throttle";
import { MemoryStore } from "@/lib/rate-limit/stores";

describe("sign-up throttling", () => {
  it("allows the limit per network, then refuses; a sign-up that failed on our side hands its slot back", async () => {
    const store = new MemoryStore();
    const reservations = [];
    for (let i = 0; i < SIGN_UP_LIMIT; i++) reservations.push(await reserveSignUp("203.0.113.7", store));
    expect(reservations.every((reservation) => reservation.allowed)).toBe(true);
    expect(await reserveSignUp("203.0.113.7", store)).toMatchObject({ allowed: false, firstRefusalInWindow: true });

    // The database did not answer for one of them: that one does not count.
    const failed = reservations[0];
    if (failed.allowed) await failed.cancel();
    // The refused attempt above counted too (refusals are counted), so two slots must come back
    // before another sign-up fits; one is not enough.
    expect((await reserveSignUp("203.0.113.7", store)).allowed).toBe(false);
    for (const reservation of reservations.slice(1, 3)) if (reservation.allowed) await reservation.cancel();
    expect((await reserveSignUp("203.0.113.7", store)).allowed).toBe(true);
    // Other networks were never affected.
    expect((await reserveSignUp("198.51.100.1", store)).allowed).toBe(true);
  });
});
