import { describe, expect, it } from "vitest";
import { registerWithPassword } from "@/lib/auth/credentials/verify";
import { CookieJar, call, session, signIn } from "./support/auth-client";

// Drives the real Auth.js route handlers (the code behind /api/auth/*) with the real SQLite file.
const ORIGIN = "http://localhost:3000";
const SESSION_COOKIE = "authjs.session-token";

describe("sign-up, sign-in and sign-out through Auth.js", () => {
  it("signs a new person in with a JWT session cookie and signs them out again", async () => {
    await registerWithPassword({ email: "flow@example.com", password: "violet-kettle-orbit-42" });
    const jar = new CookieJar();

    const signedIn = await signIn(jar, "flow@example.com", "violet-kettle-orbit-42");
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe(`${ORIGIN}/dashboard`);
    expect(jar.has(SESSION_COOKIE)).toBe(true);
    expect(await session(jar)).toMatchObject({ user: { email: "flow@example.com", role: "user" } });

    // A copy of the cookie, as a thief or a forgotten browser tab would keep it.
    const copy = new CookieJar();
    copy.copyFrom(jar);

    const { csrfToken } = (await (await call(jar, "GET", "csrf")).json()) as { csrfToken: string };
    await call(jar, "POST", "signout", { csrfToken });
    expect(jar.has(SESSION_COOKIE)).toBe(false);
    expect(await session(jar)).toBeNull();
    // Signing out ended the session itself, not just this browser's cookie.
    expect(await session(copy)).toBeNull();
  });

  it("sets no session cookie for a wrong password", async () => {
    await registerWithPassword({ email: "wrong@example.com", password: "violet-kettle-orbit-42" });
    const jar = new CookieJar();
    const response = await signIn(jar, "wrong@example.com", "not-the-password-at-all");
    expect(response.headers.get("location")).toContain("error=CredentialsSignin");
    expect(jar.has(SESSION_COOKIE)).toBe(false);
    expect(await session(jar)).toBeNull();
  });

  it("refuses a sign-in post without the CSRF token", async () => {
    await registerWithPassword({ email: "csrf@example.com", password: "violet-kettle-orbit-42" });
    const jar = new CookieJar();
    await call(jar, "GET", "csrf");
    await call(jar, "POST", "callback/credentials", { email: "csrf@example.com", password: "violet-kettle-orbit-42" });
    expect(jar.has(SESSION_COOKIE)).toBe(false);
  });
});
