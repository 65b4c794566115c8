import { NextRequest } from "next/server";
import * as handlers from "@/lib/auth/session/route-handler";

// Drives the real Auth.js route handlers (the code behind /api/auth/*) with the real SQLite file.
const ORIGIN = "http://localhost:3000";

export class CookieJar {
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
  copyFrom(other: CookieJar) {
    this.cookies = new Map(other.cookies);
  }
  has(name: string) {
    return this.cookies.has(name);
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

export async function call(
  jar: CookieJar,
  method: "GET" | "POST",
  path: string,
  form?: Record<string, string>,
  ip = "198.51.100.1",
) {
  const request = new NextRequest(`${ORIGIN}/api/auth/${path}`, {
    method,
    headers: {
      cookie: jar.header(),
      "x-forwarded-for": ip,
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  const response = await (method === "GET" ? handlers.GET(request) : handlers.POST(request));
  jar.absorb(response);
  return response;
}

export async function signIn(jar: CookieJar, email: string, password: string, ip?: string) {
  const { csrfToken } = (await (await call(jar, "GET", "csrf", undefined, ip)).json()) as { csrfToken: string };
  return call(
    jar,
    "POST",
    "callback/credentials",
    { csrfToken, email, password, callbackUrl: `${ORIGIN}/dashboard` },
    ip,
  );
}

export async function session(jar: CookieJar) {
  return (await (await call(jar, "GET", "session")).json()) as { user?: { email: string; role: string } } | null;
}
