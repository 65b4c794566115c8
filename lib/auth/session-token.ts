import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { authConfig } from "@/lib/auth/auth.config";
import { isRole, type Role } from "@/lib/auth/policy";

/**
 * Reads the session JWT for edge middleware: decrypts and checks it, nothing more. Unlike Auth.js's
 * auth() wrapper this never re-issues the cookie, so a refreshed cookie from middleware cannot
 * race the deletion in a sign-out response and resurrect the session.
 */
export async function readSessionRole(request: NextRequest): Promise<{ role: Role } | null> {
  const token = await getToken({ req: request, secret: authConfig.secret, secureCookie: authConfig.useSecureCookies });
  if (!token || !isRole(token.role)) return null;
  return { role: token.role };
}
