import { describe, expect, it } from "vitest";
import { registerWithPassword } from "@/lib/auth/credentials/verify";
import { db } from "@/lib/db";
import { CookieJar, session, signIn } from "./support/auth-client";

const PASSWORD = "violet-kettle-orbit-42";

async function attempt(email: string, password: string, ip: string) {
  const jar = new CookieJar();
  const response = await signIn(jar, email, password, ip);
  return { location: response.headers.get("location") ?? "", signedIn: Boolean((await session(jar))?.user) };
}

describe("sign-in throttling", () => {
  it("makes an address wait after 5 wrong passwords for one account, even with the right password next", async () => {
    await registerWithPassword({ email: "target@example.com", password: PASSWORD });
    for (let i = 0; i < 5; i++)
      expect((await attempt("target@example.com", "wrong-password-guess", "203.0.113.1")).location).toContain(
        "error=CredentialsSignin",
      );
    const blocked = await attempt("target@example.com", PASSWORD, "203.0.113.1");
    expect(blocked.signedIn).toBe(false);
    expect(decodeURIComponent(blocked.location)).toMatch(/code=throttled:\d+/);
    expect(
      await db.auditEvent.count({ where: { action: "auth.sign_in_throttled", targetEmail: "target@example.com" } }),
    ).toBe(1);
  });

  it("does not lock the owner out from their own address", async () => {
    await registerWithPassword({ email: "owner@example.com", password: PASSWORD });
    for (let i = 0; i < 5; i++) await attempt("owner@example.com", "attacker-guess-123", "203.0.113.2");
    expect((await attempt("owner@example.com", PASSWORD, "198.51.100.20")).signedIn).toBe(true);
  });

  it("throttles unknown emails exactly like known ones, so throttling reveals nothing", async () => {
    for (let i = 0; i < 5; i++) await attempt("nobody-at-all@example.com", "whatever-password", "203.0.113.3");
    expect(
      decodeURIComponent((await attempt("nobody-at-all@example.com", "whatever-password", "203.0.113.3")).location),
    ).toMatch(/code=throttled/);
  });

  it("slows one address spraying many accounts", async () => {
    for (let i = 0; i < 30; i++) await attempt(`spray-${i}@example.com`, "Password123456", "203.0.113.4");
    expect(
      decodeURIComponent((await attempt("fresh-target@example.com", "Password123456", "203.0.113.4")).location),
    ).toMatch(/code=throttled/);
    // Another address is not affected.
    expect(
      decodeURIComponent((await attempt("fresh-target@example.com", "Password123456", "203.0.113.5")).location),
    ).not.toMatch(/throttled/);
  });

  it("clears the account-and-address count on a successful sign-in", async () => {
    await registerWithPassword({ email: "forgetful@example.com", password: PASSWORD });
    for (let i = 0; i < 4; i++) await attempt("forgetful@example.com", "not-quite-right", "203.0.113.6");
    expect((await attempt("forgetful@example.com", PASSWORD, "203.0.113.6")).signedIn).toBe(true);
    for (let i = 0; i < 4; i++) await attempt("forgetful@example.com", "not-quite-right", "203.0.113.6");
    expect((await attempt("forgetful@example.com", PASSWORD, "203.0.113.6")).signedIn).toBe(true);
  });
});
