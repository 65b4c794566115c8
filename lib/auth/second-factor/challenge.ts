import "server-only";
import { newSecret, secretHash } from "@/lib/crypto/secrets";
import { cookies } from "next/headers";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// Between the two steps of a sign-in: the first step (a password, or an external provider when the
// role requires a second factor) passed, and the browser holds a short-lived challenge cookie. That
// cookie is not a session. Nothing but the second step reads it, so no page, action, API call or
// GET /api/auth/session treats its holder as signed in. The cookie carries 256 random bits; the
// database keeps their SHA-256, when the challenge ends, and how many wrong codes it has seen.

const LIFETIME_SECONDS = 5 * 60;
/** Wrong codes one challenge takes before the sign-in must start again from its first step. */
export const CODES_PER_CHALLENGE = 5;

const COOKIE = env.isProduction ? "__Host-gatehouse.second-step" : "gatehouse.second-step";

export type SignInChallenge = { id: string; personId: string; email: string; method: string };

/** Starts the second step for a person and hands the browser its cookie (in an action or route handler). */
export async function startSecondStep(personId: string, method: string): Promise<void> {
  const { secret: token, hash: tokenHash } = newSecret();
  await db.$transaction([
    // One pending second step per person: a new sign-in replaces an older, unfinished one.
    db.signInChallenge.updateMany({ where: { userId: personId, usedAt: null }, data: { usedAt: new Date() } }),
    db.signInChallenge.create({
      data: {
        userId: personId,
        method,
        tokenHash,
        expiresAt: new Date(Date.now() + LIFETIME_SECONDS * 1000),
      },
    }),
    db.signInChallenge.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 24 * 3600_000) } } }),
  ]);
  (await cookies()).set(COOKIE, token, {
    httpOnly: true,
    secure: env.isProduction,
    sameSite: "lax",
    path: "/",
    maxAge: LIFETIME_SECONDS,
  });
}

function tokenFromCookieHeader(header: string | null): string | null {
  for (const part of (header ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === COOKIE) {
      const value = rest.join("=");
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** The live challenge this request's cookie names, or null (none, ended, expired, or forged). */
export async function pendingChallenge(requestHeaders: Headers): Promise<SignInChallenge | null> {
  const token = tokenFromCookieHeader(requestHeaders.get("cookie"));
  if (!token) return null;
  const row = await db.signInChallenge.findUnique({
    where: { tokenHash: secretHash(token) },
    select: { id: true, userId: true, method: true, usedAt: true, expiresAt: true, user: { select: { email: true } } },
  });
  if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now()) return null;
  return { id: row.id, personId: row.userId, email: row.user.email, method: row.method };
}

/** Counts a wrong code; the challenge ends at CODES_PER_CHALLENGE. Returns whether it is still open. */
export async function countWrongCode(challengeId: string): Promise<boolean> {
  const row = await db.signInChallenge.update({
    where: { id: challengeId },
    data: { failedCodes: { increment: 1 } },
    select: { failedCodes: true },
  });
  if (row.failedCodes < CODES_PER_CHALLENGE) return true;
  await db.signInChallenge.updateMany({ where: { id: challengeId, usedAt: null }, data: { usedAt: new Date() } });
  return false;
}

/** Ends the challenge as passed; false when another request ended it first (only one sign-in per challenge). */
export async function completeChallenge(challengeId: string): Promise<boolean> {
  const { count } = await db.signInChallenge.updateMany({
    where: { id: challengeId, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

/** Removes the cookie from the browser (after the second step, or when starting over). */
export async function clearSecondStepCookie(): Promise<void> {
  (await cookies()).delete({ name: COOKIE, path: "/", secure: env.isProduction, httpOnly: true, sameSite: "lax" });
}
