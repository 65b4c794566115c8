import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { handlers } from "@/lib/auth/auth";
import { registerWithPassword } from "@/lib/auth/credentials";

// Drives the real Auth.js route handlers (the code behind /api/auth/*) with the real SQLite file.
const ORIGIN = "http://localhost:3000";

class CookieJar {
  private cookies = new Map<string, string>();
  absorb(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  has(name: string) {
    return this.cookies.has(name);
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

async function call(jar: CookieJar, method: "GET" | "POST", path: string, form?: Record<string, string>) {
  const request = new NextRequest(`${ORIGIN}/api/auth/${path}`, {
    method,
    headers: { cookie: jar.header(), ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  const response = await (method === "GET" ? handlers.GET(request) : handlers.POST(request));
  jar.absorb(response);
  return response;
}

async function signIn(jar: CookieJar, email: string, password: string) {
  const { csrfToken } = (await (await call(jar, "GET", "csrf")).json()) as { csrfToken: string };
  return call(jar, "POST", "callback/credentials", { csrfToken, email, password, callbackUrl: `${ORIGIN}/dashboard` });
}

async function session(jar: CookieJar) {
  return (await (await call(jar, "GET", "session")).json()) as { user?: { email: string; role: string } } | null;
}

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

    const { csrfToken } = (await (await call(jar, "GET", "csrf")).json()) as { csrfToken: string };
    await call(jar, "POST", "signout", { csrfToken });
    expect(jar.has(SESSION_COOKIE)).toBe(false);
    expect(await session(jar)).toBeNull();
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
