import "server-only";
import { verifyPassword } from "@/lib/auth/credentials/hashing";
import { FRESH_AUTHENTICATION_SECONDS, isAuthenticationFresh } from "@/lib/auth/policy";
import { hasPassword, passwordHashOf } from "@/lib/people/queries";
import { takeAttempt } from "@/lib/rate-limit/throttle";

// Before a change that hands the account to someone else (its address) or ends it (deleting it), the
// person proves again that they are who the session says: with their current password, or, for an
// account without one, with a sign-in at their provider in the last few minutes. A stolen, still
// signed-in session is then not enough to take the account over.

export const RECENT_SIGN_IN_SECONDS = FRESH_AUTHENTICATION_SECONDS;
const TRIES_PER_WINDOW = 5;
const WINDOW_MS = 15 * 60_000;

export type IdentityCheck = { ok: true } | { ok: false; message: string; field?: "currentPassword" };

/** Checks the current password, counted per person so a stolen session cannot guess it freely. */
export async function checkCurrentPassword(personId: string, password: string | undefined): Promise<IdentityCheck> {
  const passwordHash = await passwordHashOf(personId);
  if (!passwordHash) return { ok: false, message: "This account has no password." };
  if (!password) return { ok: false, message: "Enter your current password.", field: "currentPassword" };
  const attempt = await takeAttempt([
    { key: `current-password:${personId}`, limit: TRIES_PER_WINDOW, windowMs: WINDOW_MS },
  ]);
  if (!attempt.allowed) {
    const minutes = Math.max(1, Math.ceil(attempt.retryAfterSeconds / 60));
    return {
      ok: false,
      message: `Too many wrong passwords. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
    };
  }
  if (!(await verifyPassword(passwordHash, password)))
    return { ok: false, message: "Your current password is not right.", field: "currentPassword" };
  return { ok: true };
}

/** The current password when the account has one; otherwise a recent sign-in (or confirmation) in this session. */
export async function confirmIdentity(
  person: { id: string; authenticatedAt: Date },
  password: string | undefined,
): Promise<IdentityCheck> {
  if (await hasPassword(person.id)) return checkCurrentPassword(person.id, password);
  if (isAuthenticationFresh(person.authenticatedAt)) return { ok: true };
  return {
    ok: false,
    message: `For your safety, sign in again with your provider first (below), then do this within ${RECENT_SIGN_IN_SECONDS / 60} minutes.`,
  };
}
