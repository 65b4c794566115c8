import "server-only";
import { getToken, type JWT } from "next-auth/jwt";
import { headers } from "next/headers";
import { cache } from "react";
import { authConfig } from "@/lib/auth/edge/config";
import { decodeRemembered } from "@/lib/auth/edge/decoded-cookies";

export type CurrentSession = { sid: string | null; signedInAt: Date };

/**
 * This request's session JWT, decrypted once per request (pages, actions and route handlers all
 * read it through here), or null: no cookie, a damaged or forged one, an expired one, or no request.
 * Says nothing about whether the session is still live: getCurrentPerson() asks the database.
 */
export const sessionToken = cache(async (): Promise<JWT | null> => {
  let requestHeaders: Headers;
  try {
    requestHeaders = await headers();
  } catch {
    // Outside a request (scripts, tests) there is no session.
    return null;
  }
  return getToken({
    req: { headers: requestHeaders },
    secret: authConfig.secret,
    secureCookie: authConfig.useSecureCookies,
    decode: decodeRemembered,
  });
});

/**
 * This request's session as its cookie names it: which session it is (to keep it when signing out
 * the others, and to mark it in the list) and when its sign-in happened (for "sign in again first").
 */
export const currentSession = cache(async (): Promise<CurrentSession | null> => {
  const token = await sessionToken();
  if (!token) return null;
  return {
    sid: typeof token.sid === "string" ? token.sid : null,
    signedInAt: new Date((typeof token.authTime === "number" ? token.authTime : 0) * 1000),
  };
});
