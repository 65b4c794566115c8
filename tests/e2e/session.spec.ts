import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_AUTH_SECRET, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, TEST_PEOPLE } from "./support/fixtures";
import { signInThroughForm } from "./support/sign-in";
import {
  forgeSessionToken as forge,
  requestWithSessionCookie as withSessionCookie,
  sessionOf,
  storedSessionCookie,
} from "./support/tokens";

async function expectSignedOut(context: APIRequestContext, path = "/dashboard") {
  const response = await context.get(path, { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers().location).toContain("/signin?callbackUrl=");
}

test.describe("the session cookie", () => {
  test("is HTTP-only, SameSite=Lax, Secure with the __Secure- prefix, and expires within the idle limit", async ({
    page,
  }) => {
    await signInThroughForm(page, TEST_PEOPLE.user);
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
    expect(session, `cookies: ${cookies.map((c) => c.name).join(", ")}`).toBeDefined();
    expect(session!.httpOnly).toBe(true);
    expect(session!.secure).toBe(true);
    expect(session!.sameSite).toBe("Lax");
    const now = Date.now() / 1000;
    expect(session!.expires).toBeGreaterThan(now + SESSION_MAX_AGE_SECONDS - 120);
    expect(session!.expires).toBeLessThanOrEqual(now + SESSION_MAX_AGE_SECONDS + 60);
    expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
  });

  test("is cleared by signing out, after which gated pages ask to sign in again, even with a copy of the old cookie", async ({
    page,
  }) => {
    await signInThroughForm(page, TEST_PEOPLE.writer);
    const copied = (await page.context().cookies()).find((cookie) => cookie.name === SESSION_COOKIE)!.value;
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin\?signedOut=1/);
    await expect(page.getByText("You are signed out.")).toBeVisible();
    expect((await page.context().cookies()).some((cookie) => cookie.name === SESSION_COOKIE)).toBe(false);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);

    const replay = await withSessionCookie(copied);
    await expectSignedOut(replay, "/dashboard");
    await replay.dispose();
  });
});

test.describe("a forged or damaged session counts as signed out", () => {
  test("a cookie with one character changed", async () => {
    const real = storedSessionCookie("admin");
    const middle = Math.floor(real.length / 2);
    const tampered = real.slice(0, middle) + (real[middle] === "A" ? "B" : "A") + real.slice(middle + 1);
    const context = await withSessionCookie(tampered);
    await expectSignedOut(context, "/admin");
    await expectSignedOut(context, "/dashboard");
    await context.dispose();
  });

  test("an unsigned alg:none token claiming to be an admin", async () => {
    const admin = await sessionOf("admin");
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: admin.id, sid: admin.sid, role: "admin", sv: admin.sessionVersion, exp: 4102444800 })}.`;
    const context = await withSessionCookie(unsigned);
    await expectSignedOut(context, "/admin");
    await context.dispose();
  });

  test("a well-formed token encrypted with another secret", async () => {
    const admin = await sessionOf("admin");
    const token = await forge(
      { sub: admin.id, sid: admin.sid, role: "admin", sv: admin.sessionVersion },
      "some-other-secret-an-attacker-guessed-0000",
    );
    const context = await withSessionCookie(token);
    await expectSignedOut(context, "/admin");
    await context.dispose();
  });

  test("a validly signed token whose session is past the absolute lifetime", async () => {
    const admin = await sessionOf("admin");
    const eightDaysAgo = Math.floor(Date.now() / 1000) - 8 * 24 * 3600;
    const token = await forge({
      sub: admin.id,
      sid: admin.sid,
      role: "admin",
      sv: admin.sessionVersion,
      authTime: eightDaysAgo,
    });
    const context = await withSessionCookie(token);
    await expectSignedOut(context, "/admin");
    await context.dispose();
  });

  test("a validly signed token whose expiry time has passed", async () => {
    const admin = await sessionOf("admin");
    const { encode } = await import("next-auth/jwt");
    const expired = await encode({
      token: {
        sub: admin.id,
        sid: admin.sid,
        role: "admin",
        sv: admin.sessionVersion,
        authTime: Math.floor(Date.now() / 1000) - 120,
      },
      secret: E2E_AUTH_SECRET,
      salt: SESSION_COOKIE,
      maxAge: -60,
    });
    const context = await withSessionCookie(expired);
    await expectSignedOut(context, "/admin");
    await expectSignedOut(context, "/dashboard");
    await context.dispose();
  });

  test("a validly signed token from an older session version", async () => {
    const admin = await sessionOf("admin");
    const token = await forge({ sub: admin.id, sid: admin.sid, role: "admin", sv: admin.sessionVersion - 1 });
    const context = await withSessionCookie(token);
    // Middleware cannot see the database and lets the request through; the page refuses it.
    await expectSignedOut(context, "/admin");
    await context.dispose();
  });
});

test("a validly signed token that claims a role the database does not grant gets the real role's answer", async () => {
  const user = await sessionOf("user");
  const token = await forge({ sub: user.id, sid: user.sid, role: "admin", sv: user.sessionVersion });
  const context = await withSessionCookie(token);
  // Middleware trusts the JWT and lets it pass; the page checks the database and answers 403.
  const response = await context.get("/admin", { maxRedirects: 0 });
  expect(response.status()).toBe(403);
  const body = await response.text();
  expect(body).toContain("access-denied");
  // Nothing of the admin page itself: not its heading, not the people it lists.
  expect(body).not.toContain("admin-stats");
  expect(body).not.toContain("Active admins");
  expect(body).not.toContain(TEST_PEOPLE.admin.email);
  await context.dispose();
});
