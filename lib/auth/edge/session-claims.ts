import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { authConfig, roleAgeSeconds } from "@/lib/auth/edge/config";
import { decodeRemembered } from "@/lib/auth/edge/decoded-cookies";
import { capabilitiesOf, type Capability } from "@/lib/auth/policy";
import { env } from "@/lib/env";

/** How stale the role in a session cookie may get before middleware has it re-read. */
export const ROLE_REFRESH_SECONDS = 60;

export type SessionClaims = {
  role: string;
  /** A custom role's capabilities as the cookie carries them (lib/auth/edge/config.ts). */
  capabilities?: readonly Capability[];
  emailVerified: boolean;
  secondFactorMissing: boolean;
  roleAgeSeconds: number;
};

/**
 * Reads the session JWT for edge middleware: decrypts and checks it, nothing more. Unlike Auth.js's
 * auth() wrapper this never re-issues the cookie on its own, so a refreshed cookie from middleware
 * cannot race the deletion in a sign-out response and resurrect the session.
 */
export async function readSessionClaims(request: NextRequest): Promise<SessionClaims | null> {
  const token = await getToken({
    req: request,
    secret: authConfig.secret,
    secureCookie: authConfig.useSecureCookies,
    decode: decodeRemembered,
  });
  if (
    !token ||
    typeof token.role !== "string" ||
    capabilitiesOf({ role: token.role, capabilities: token.caps }) === null
  )
    return null;
  return {
    role: token.role,
    capabilities: token.caps,
    emailVerified: token.ev === true,
    secondFactorMissing: token.sfm === true,
    roleAgeSeconds: roleAgeSeconds(token),
  };
}

/**
 * Asks the Node side to re-read the person and re-issue the cookie: Auth.js's own
 * GET /api/auth/session runs the jwt callback in lib/auth/session/nextauth.ts against the database.
 * The base URL is AUTH_URL (never the request's Host header, which a client controls).
 */
export async function refreshSession(request: NextRequest): Promise<{
  claims: Omit<SessionClaims, "roleAgeSeconds"> | null;
  setCookies: string[];
} | null> {
  try {
    const response = await fetch(new URL("/api/auth/session", env.AUTH_URL), {
      headers: { cookie: request.headers.get("cookie") ?? "", accept: "application/json" },
      cache: "no-store",
    });
    if (!response.ok) return null;
    const session = (await response.json()) as {
      user?: { role?: unknown; capabilities?: unknown; verified?: unknown; secondFactorMissing?: unknown };
    } | null;
    const role = session?.user?.role;
    const capabilities = Array.isArray(session?.user?.capabilities)
      ? (session.user.capabilities as Capability[])
      : undefined;
    return {
      claims:
        typeof role === "string" && capabilitiesOf({ role, capabilities }) !== null
          ? {
              role,
              capabilities,
              emailVerified: session?.user?.verified === true,
              secondFactorMissing: session?.user?.secondFactorMissing === true,
            }
          : null,
      setCookies: response.headers.getSetCookie(),
    };
  } catch {
    // If the refresh cannot be reached, fall back to the cookie as it is; pages still check the database.
    return null;
  }
}
