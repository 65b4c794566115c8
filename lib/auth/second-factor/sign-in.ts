import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { toSignedIn, type AuthenticatedPerson } from "@/lib/auth/credentials/verify";
import { mustEnrolSecondFactor, mustVerifyEmail, secondFactorRequired } from "@/lib/auth/policy";
import { withCapabilities } from "@/lib/roles/queries";
import { secondFactorSetupPathFor } from "@/lib/auth/edge/redirects";
import { policyOptions } from "@/lib/auth/edge/policy-options";
import {
  clearSecondStepCookie,
  completeChallenge,
  countWrongCode,
  pendingChallenge,
  startSecondStep,
} from "@/lib/auth/second-factor/challenge";
import { hasSecondFactor, spendSecondFactorCode } from "@/lib/auth/second-factor/factors";
import { secondFactorChoices } from "@/lib/settings/queries";
import { takeCodeAttempt } from "@/lib/auth/second-factor/throttle";
import { clientAddress } from "@/lib/http/client-address";
import { hasForbiddenCharacters } from "@/lib/validation/text";
import { verifyAssertion } from "@/lib/auth/passkeys/ceremonies";
import { findSessionPerson, noteSignIn } from "@/lib/people/queries";

// The second step of a sign-in, as Auth.js's "second-factor" credentials provider runs it: the
// challenge cookie from the first step plus a code from the app or a recovery code. Only when both
// hold does Auth.js get a person, and with it issue the session cookie.

export type SecondStepOutcome =
  | { ok: true; person: AuthenticatedPerson }
  | { ok: false; reason: "expired" | "wrong-code" | "ended" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Where a browser goes once signed in: to confirm the address first, to set up a second factor its
 * role requires, or where it was going. Decided here (a server action's redirect is rendered in the
 * same response, without middleware, so the URL must already be the right one).
 */
export async function pathAfterSignIn(
  person: { id: string; role: string; emailVerified: Date | null } | null,
  callbackPath: string,
): Promise<string> {
  if (!person) return callbackPath;
  if (mustVerifyEmail(person, policyOptions)) return "/verify-email";
  const missing = mustEnrolSecondFactor(
    { ...(await withCapabilities({ role: person.role })), hasSecondFactor: await hasSecondFactor(person.id) },
    await secondFactorChoices(),
  );
  return missing ? secondFactorSetupPathFor(callbackPath) : callbackPath;
}

/**
 * After an external provider vouched for a person: a second step too, when their role requires a
 * second factor and they have one (the provider's own checks are its business, not ours). Returns
 * the path to send the browser to instead of signing in, or null to sign in now. Someone whose role
 * requires one and who has none signs in and is sent to set one up (lib/auth/policy.ts).
 */
export async function secondStepAfterProvider(personId: string, provider: string): Promise<string | null> {
  const person = await findSessionPerson(personId);
  if (!person) return null;
  const required = secondFactorRequired(await withCapabilities(person), await secondFactorChoices());
  if (!required || !(await hasSecondFactor(personId))) return null;
  await startSecondStep(personId, provider);
  return "/signin/second-step";
}

/** A passkey answer carried in one form field: {"challengeId": …, "response": …} as JSON. */
export function parsePasskeyField(value: unknown): { challengeId: string; response: string } | null {
  if (typeof value !== "string" || value.length > 20_000 || hasForbiddenCharacters(value)) return null;
  try {
    const parsed = JSON.parse(value) as { challengeId?: unknown; response?: unknown };
    if (typeof parsed.challengeId !== "string" || typeof parsed.response !== "string") return null;
    return { challengeId: parsed.challengeId, response: parsed.response };
  } catch {
    return null;
  }
}

async function passkeyAsSecondFactor(
  personId: string,
  passkey: { challengeId: string; response: string },
): Promise<{ ok: true; method: "passkey" } | { ok: false }> {
  const asserted = await verifyAssertion("second-step", passkey.challengeId, passkey.response, personId);
  if (!asserted.ok && asserted.reason === "cloned") {
    const owner = await findSessionPerson(personId);
    if (owner)
      await recordAudit({ action: "passkey.clone_suspected", target: owner, after: { name: asserted.passkeyName } });
  }
  return asserted.ok ? { ok: true, method: "passkey" } : { ok: false };
}

export async function passSecondStep(raw: unknown, requestHeaders: Headers): Promise<SecondStepOutcome> {
  const challenge = await pendingChallenge(requestHeaders);
  if (!challenge) return { ok: false, reason: "expired" };
  const code = typeof (raw as { code?: unknown } | null)?.code === "string" ? (raw as { code: string }).code : "";
  const passkey = parsePasskeyField((raw as { passkey?: unknown } | null)?.passkey);
  const target = { id: challenge.personId, email: challenge.email };
  const attempt = await takeCodeAttempt(challenge.personId, clientAddress(requestHeaders));
  if (!attempt.allowed) {
    if (attempt.firstRefusalInWindow)
      await recordAudit({
        action: "auth.second_factor_throttled",
        target,
        after: { retryAfterSeconds: attempt.retryAfterSeconds },
      });
    return { ok: false, reason: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  const used = passkey
    ? await passkeyAsSecondFactor(challenge.personId, passkey)
    : code.length <= 64
      ? await spendSecondFactorCode(challenge.personId, code)
      : { ok: false as const };
  if (!used.ok) {
    await recordAudit({ action: "auth.second_factor_failed", target });
    return (await countWrongCode(challenge.id)) ? { ok: false, reason: "wrong-code" } : { ok: false, reason: "ended" };
  }
  if (!(await completeChallenge(challenge.id))) return { ok: false, reason: "expired" };
  await clearSecondStepCookie();
  const row = await findSessionPerson(challenge.personId);
  const person = row && toSignedIn(row);
  // Disabled (or changed beyond recognition) between the two steps: no session.
  if (!person) return { ok: false, reason: "expired" };
  if (used.method === "recovery-code")
    await recordAudit({
      action: "mfa.recovery_code_used",
      actor: target,
      target,
      after: { recoveryCodesLeft: used.recoveryCodesLeft },
    });
  await noteSignIn(person.id);
  await recordAudit({
    action: "auth.sign_in",
    actor: target,
    target,
    after: { method: challenge.method, secondFactor: used.method },
  });
  return { ok: true, person };
}
