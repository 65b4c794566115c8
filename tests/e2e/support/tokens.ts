import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { decode, encode } from "next-auth/jwt";
import { request as apiRequest, expect, type APIRequestContext, type Page } from "@playwright/test";
import type { BuiltInRole } from "@/lib/auth/policy";
import { E2E_AUTH_SECRET, E2E_ORIGIN, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, storageStatePath } from "./fixtures";

/**
 * What /api/auth/session says about a role's stored session, and the session's id (sid) from its
 * cookie: a token forged for that person must name a session that exists to be taken as signed in.
 */
export async function sessionOf(role: BuiltInRole) {
  const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: storageStatePath(role) });
  const session = (await (await context.get("/api/auth/session")).json()) as {
    user: { id: string; role: string; sessionVersion: number };
  };
  await context.dispose();
  const claims = await decode({ token: storedSessionCookie(role), secret: E2E_AUTH_SECRET, salt: SESSION_COOKIE });
  return { ...session.user, sid: String(claims?.sid) };
}

export function storedSessionCookie(role: BuiltInRole): string {
  const state = JSON.parse(readFileSync(storageStatePath(role), "utf8")) as {
    cookies: Array<{ name: string; value: string }>;
  };
  return state.cookies.find((cookie) => cookie.name === SESSION_COOKIE)!.value;
}

/** A session token as Auth.js would issue it, with whatever claims the test wants, under `secret`. */
export function forgeSessionToken(claims: Record<string, unknown>, secret = E2E_AUTH_SECRET): Promise<string> {
  return encode({
    token: { authTime: Math.floor(Date.now() / 1000), sid: randomUUID(), ev: true, ...claims },
    secret,
    salt: SESSION_COOKIE,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}

export function requestWithSessionCookie(value: string): Promise<APIRequestContext> {
  return apiRequest.newContext({
    baseURL: E2E_ORIGIN,
    storageState: {
      cookies: [
        {
          name: SESSION_COOKIE,
          value,
          domain: "localhost",
          path: "/",
          expires: -1,
          httpOnly: true,
          secure: true,
          sameSite: "Lax",
        },
      ],
      origins: [],
    },
  });
}

/** Opens the token form on /settings/tokens ("Generate new token"), or "Done" with a secret shown first. */
export async function openTokenForm(page: Page) {
  await page.waitForURL(/\/settings\/tokens/);
  const done = page.getByRole("button", { name: "Done" });
  const generate = page.getByRole("button", { name: "Generate new token" });
  const form = page.getByLabel("Name");
  await expect(done.or(generate).or(form).first()).toBeVisible();
  if (await done.isVisible()) await done.click();
  if (await generate.isVisible()) await generate.click();
  await expect(form).toBeVisible();
}

/** The session id (sid) in the session cookie a browser or request context holds. */
export async function sessionIdIn(context: {
  storageState: () => Promise<{ cookies: Array<{ name: string; value: string }> }>;
}) {
  const cookie = (await context.storageState()).cookies.find((candidate) => candidate.name === SESSION_COOKIE);
  const claims = cookie ? await decode({ token: cookie.value, secret: E2E_AUTH_SECRET, salt: SESSION_COOKIE }) : null;
  return String(claims?.sid);
}
