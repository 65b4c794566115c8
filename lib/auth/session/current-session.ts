import "server-only";
import { decode, getToken, type JWT } from "next-auth/jwt";
import { headers } from "next/headers";
import { cache } from "react";
import { authConfig } from "@/lib/auth/edge/config";

export type CurrentSession = { sid: string | null; signedInAt: Date };

// Decrypting the cookie is the largest fixed cost of a signed-in request (about 0.4 ms here, much of
// it a hop to the crypto thread pool), and a browser sends the same cookie for minutes. Decryption is
// a pure function of the cookie and the secret, so its result is remembered per cookie value (the most
// recently used DECODED_LIMIT of them). This is not a cache of anything that can change: the expiry is
// checked on every use, and whether the session is still live is asked of the database on every
// request, as before (getCurrentPerson). A cookie that fails to decrypt is not remembered.
const DECODED_LIMIT = 5_000;
const CLOCK_TOLERANCE_SECONDS = 15; // as Auth.js's own decode
const decoded = new Map<string, JWT>();

async function decodeRemembered(params: Parameters<typeof decode>[0]): Promise<JWT | null> {
  const key = `${params.salt}\u0000${params.token}`;
  const known = decoded.get(key);
  if (known) {
    decoded.delete(key);
    if (typeof known.exp === "number" && (known.exp + CLOCK_TOLERANCE_SECONDS) * 1000 <= Date.now()) return null;
    decoded.set(key, known);
    return known;
  }
  const payload = await decode(params);
  if (payload && params.token) {
    // Shared by every request that sends this cookie: nobody may change it.
    decoded.set(key, Object.freeze(payload));
    if (decoded.size > DECODED_LIMIT) decoded.delete(decoded.keys().next().value!);
  }
  return payload;
}

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
