import "server-only";
import { FRESH_AUTHENTICATION_SECONDS, isAuthenticationFresh } from "@/lib/auth/policy";
import { checkCurrentPassword } from "@/lib/auth/session/confirm-identity";
import { secondFactorStatus, spendSecondFactorCode } from "@/lib/auth/second-factor/factors";
import { parsePasskeyField } from "@/lib/auth/second-factor/sign-in";
import { verifyAssertion } from "@/lib/auth/passkeys/ceremonies";
import { takeCodeAttempt } from "@/lib/auth/second-factor/throttle";
import type { CurrentPerson } from "@/lib/auth/session/current-person";
import { currentSession } from "@/lib/auth/session/current-session";
import { markReauthenticated } from "@/lib/auth/session/live-session";
import { requestContext } from "@/lib/http/request-context";
import { hasPassword } from "@/lib/people/queries";
import type { FormState } from "@/lib/forms/form-state";

// "Sudo mode": a dangerous action goes ahead only if this session proved who its person is in the
// last FRESH_AUTHENTICATION_SECONDS (lib/auth/policy.ts). Otherwise the form that sent it shows
// fields to confirm (a password, or a code from the app) and is sent again with them; this module
// checks them and, when they hold, notes the confirmation on the session so the next actions within
// the window need none. The check runs in the server-side guard (lib/auth/guards/action.ts), so a
// forged or replayed action call without the fields is refused like the form is.

/** The fields a form sends to confirm; never echoed back (lib/forms/form-state.ts). */
export const CONFIRM_PASSWORD_FIELD = "confirmPassword";
export const CONFIRM_CODE_FIELD = "confirmCode";
/** A passkey answer for a "confirm" challenge, as JSON {challengeId, response}. */
export const CONFIRM_PASSKEY_FIELD = "confirmPasskey";

export type ConfirmMethods = { password: boolean; code: boolean; passkey: boolean };

type Refusal = Pick<FormState, "status" | "message" | "fieldErrors" | "confirmWith">;

const minutes = FRESH_AUTHENTICATION_SECONDS / 60;

/**
 * Null when the action may go ahead (fresh already, or confirmed by the fields sent now); otherwise
 * the answer that asks the person to confirm.
 */
export async function requireFreshAuthentication(
  person: CurrentPerson,
  values: Record<string, string | undefined>,
): Promise<Refusal | null> {
  if (isAuthenticationFresh(person.authenticatedAt)) return null;
  const status = await secondFactorStatus(person.id);
  const methods: ConfirmMethods = {
    password: await hasPassword(person.id),
    code: status.totp || status.recoveryCodesLeft > 0,
    passkey: status.passkeys > 0,
  };
  const ask = (message: string, field?: string): Refusal => ({
    status: "error",
    message,
    confirmWith: methods,
    ...(field ? { fieldErrors: { [field]: [message] } } : {}),
  });
  if (!methods.password && !methods.code && !methods.passkey)
    return ask(
      `For your safety, this needs a sign-in in the last ${minutes} minutes. Sign out, sign in again with your provider, then try again.`,
    );
  const password = values[CONFIRM_PASSWORD_FIELD];
  const code = values[CONFIRM_CODE_FIELD]?.trim();
  const passkey = parsePasskeyField(values[CONFIRM_PASSKEY_FIELD]);
  if (passkey && methods.passkey) {
    const asserted = await verifyAssertion("confirm", passkey.challengeId, passkey.response, person.id);
    if (!asserted.ok) return ask("The passkey could not be verified. Try again, or use your password.");
  } else if (code && methods.code) {
    const attempt = await takeCodeAttempt(person.id, (await requestContext()).ip);
    if (!attempt.allowed)
      return ask(`Too many codes tried. Wait ${Math.ceil(attempt.retryAfterSeconds / 60)} minutes and try again.`);
    const used = await spendSecondFactorCode(person.id, code);
    if (!used.ok) return ask("That code is not right. Enter the current code from your app.", CONFIRM_CODE_FIELD);
  } else if (password && methods.password) {
    const check = await checkCurrentPassword(person.id, password);
    if (!check.ok) return ask(check.message, check.field ? CONFIRM_PASSWORD_FIELD : undefined);
  } else {
    return ask(
      `For your safety, confirm it is you: you signed in more than ${minutes} minutes ago. Then press the button again.`,
    );
  }
  const session = await currentSession();
  if (session?.sid) await markReauthenticated(session.sid);
  return null;
}
