import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { toSignedIn, type AuthenticatedPerson } from "@/lib/auth/credentials/verify";
import { verifyAssertion } from "@/lib/auth/passkeys/ceremonies";
import { addressBucket, clientAddress } from "@/lib/http/client-address";
import { findSessionPerson, noteSignIn } from "@/lib/people/queries";
import { takeAttempt } from "@/lib/rate-limit/throttle";

// Signing in with a passkey alone, as Auth.js's "passkey" credentials provider runs it: no email is
// typed, the passkey says whose it is. It was made with user verification (a PIN or a fingerprint on
// the device) and is checked with it, so it stands for both factors at once.

const TRIES = { limit: 30, windowMs: 15 * 60_000 };

export type PasskeySignIn =
  | { ok: true; person: AuthenticatedPerson }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number }
  | { ok: false; reason: "expired" | "unknown" | "cloned" | "invalid" | "disabled" };

export async function signInWithPasskey(raw: unknown, requestHeaders: Headers): Promise<PasskeySignIn> {
  const attempt = await takeAttempt([
    { key: `passkey-sign-in:${addressBucket(clientAddress(requestHeaders))}`, ...TRIES },
  ]);
  if (!attempt.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  const fields = (raw ?? {}) as { challengeId?: unknown; response?: unknown };
  if (typeof fields.challengeId !== "string" || typeof fields.response !== "string")
    return { ok: false, reason: "invalid" };
  const asserted = await verifyAssertion("sign-in", fields.challengeId, fields.response, null);
  if (!asserted.ok) {
    if (asserted.reason === "cloned") {
      // The signature counter went back: someone may hold a copy of this passkey. Its owner and the
      // admins see it in the audit log; the passkey itself stays, since the copy may be the attacker's.
      const owner = await findSessionPerson(asserted.personId);
      if (owner)
        await recordAudit({ action: "passkey.clone_suspected", target: owner, after: { name: asserted.passkeyName } });
    }
    return { ok: false, reason: asserted.reason === "other-person" ? "invalid" : asserted.reason };
  }
  const row = await findSessionPerson(asserted.personId);
  const person = row && toSignedIn(row);
  if (!person) return { ok: false, reason: "disabled" };
  await noteSignIn(person.id);
  await recordAudit({ action: "auth.sign_in", actor: person, target: person, after: { method: "passkey" } });
  return { ok: true, person };
}
