import { decode, encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeRemembered } from "@/lib/auth/edge/decoded-cookies";

vi.mock("next-auth/jwt", async (importOriginal) => {
  const actual = await importOriginal<typeof import("next-auth/jwt")>();
  return { ...actual, decode: vi.fn(actual.decode) };
});

const secret = "decoded-cookies-test-secret-0123456789";
const salt = "__Secure-authjs.session-token";

describe("remembered cookie decryption", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.mocked(decode).mockClear();
  });

  it("decrypts a cookie once and hands later requests the same frozen payload", async () => {
    const token = await encode({ secret, salt, token: { sub: "p1", role: "writer" }, maxAge: 600 });
    const first = await decodeRemembered({ secret, salt, token });
    const second = await decodeRemembered({ secret, salt, token });
    expect(first).toMatchObject({ sub: "p1", role: "writer" });
    expect(second).toBe(first);
    expect(Object.isFrozen(second)).toBe(true);
    expect(decode).toHaveBeenCalledTimes(1);
  });

  it("refuses a remembered cookie once it has expired", async () => {
    const token = await encode({ secret, salt, token: { sub: "p2" }, maxAge: 60 });
    expect(await decodeRemembered({ secret, salt, token })).toMatchObject({ sub: "p2" });
    vi.useFakeTimers({ now: Date.now() + 60_000 + 16_000 });
    expect(await decodeRemembered({ secret, salt, token })).toBeNull();
  });

  it("never remembers a cookie that does not decrypt, nor one sealed with another secret", async () => {
    const token = await encode({ secret: "another-secret-entirely-0123456789", salt, token: { sub: "p3" } });
    await expect(decodeRemembered({ secret, salt, token })).rejects.toThrow();
    await expect(decodeRemembered({ secret, salt, token })).rejects.toThrow();
    expect(decode).toHaveBeenCalledTimes(2);
  });

  it("keeps cookies apart by their name (salt)", async () => {
    const token = await encode({ secret, salt, token: { sub: "p4" } });
    await expect(decodeRemembered({ secret, salt: "authjs.session-token", token })).rejects.toThrow();
    expect(await decodeRemembered({ secret, salt, token })).toMatchObject({ sub: "p4" });
  });
});
