import "server-only";
import { verifyPassword } from "@/lib/auth/credentials/hashing";
import { currentSession } from "@/lib/auth/session/current-session";
import { hasPassword, passwordHashOf } from "@/lib/people/queries";
import { takeAttempt } from "@/lib/rate-limit/throttle";

// Before a change that hands the account to someone else (its address) or ends it (deleting it), the
// person proves again that they are who the session says: with their current password, or, for an
// account without one, with a sign-in at their provider in the last few minutes. A stolen, still
// signed-in session is then not enough to take the account over.

export const RECENT_SIGN_IN_SECONDS = 10 * 60;
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

/** The current password when the account has one; otherwise a provider sign-in in this session, recently. */
export async function confirmIdentity(personId: string, password: string | undefined): Promise<IdentityCheck> {
  if (await hasPassword(personId)) return checkCurrentPassword(personId, password);
  const session = await currentSession();
  const age = session ? (Date.now() - session.signedInAt.getTime()) / 1000 : Infinity;
  if (age <= RECENT_SIGN_IN_SECONDS) return { ok: true };
  return {
    ok: false,
    message: `For your safety, sign in again with your provider first (below), then do this within ${RECENT_SIGN_IN_SECONDS / 60} minutes.`,
  };
}
