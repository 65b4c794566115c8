"use server";

import { headers } from "next/headers";
import { isSignInRefusal } from "@/lib/auth/session/sign-in-refusal";
import { redirect } from "next/navigation";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { safeCallbackPath } from "@/lib/auth/edge/redirects";
import { guardAction } from "@/lib/auth/guards/action";
import { pendingChallenge } from "@/lib/auth/second-factor/challenge";
import {
  confirmTotp,
  regenerateRecoveryCodes,
  cancelTotpEnrolment,
  removeSecondFactor,
  resetSecondFactor,
  startTotpEnrolment,
} from "@/lib/auth/second-factor/factors";
import { pathAfterSignIn } from "@/lib/auth/second-factor/sign-in";
import { codeSchema, secondFactorRolesSchema } from "@/lib/auth/second-factor/schemas";
import { personIdSchema } from "@/lib/people/schemas";
import { setSecondFactorRequirements } from "@/lib/settings/commands";
import { signIn } from "@/lib/auth/session/nextauth";
import { formValues, type FormState } from "@/lib/forms/form-state";
import { findSessionPerson } from "@/lib/people/queries";
import { refusalToActOnPerson } from "@/lib/people/commands";
import { revalidatePath } from "next/cache";

function minutesFrom(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/**
 * The second step of a sign-in, for the challenge in this browser's cookie: a code from the app, a
 * recovery code, or a passkey's signed answer (`passkey`, JSON from the passkey button).
 */
export async function secondStepAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const passkey = values.passkey;
  const parsed = codeSchema.safeParse(values);
  if (!passkey && !parsed.success)
    return {
      status: "error",
      message: parsed.error.issues[0]?.message ?? "Enter a code.",
      fieldErrors: { code: [parsed.error.issues[0]?.message ?? "Enter a code."] },
    };
  const challenge = await pendingChallenge(await headers());
  if (!challenge) redirect("/signin?secondStep=expired");
  try {
    await signIn("second-factor", { ...(passkey ? { passkey } : { code: parsed.data?.code }), redirect: false });
  } catch (error) {
    if (!isSignInRefusal(error)) throw error;
    const code = "code" in error && typeof error.code === "string" ? error.code : "";
    if (code.startsWith("throttled:"))
      return {
        status: "error",
        message: `Too many codes tried. Wait ${minutesFrom(Number(code.slice("throttled:".length)))} and try again.`,
      };
    if (code === "ended") redirect("/signin?secondStep=ended");
    if (code === "expired") redirect("/signin?secondStep=expired");
    if (passkey) return { status: "error", message: "The passkey could not be verified. Try again, or enter a code." };
    const message = "That code is not right. Enter the current code from your app, or one of your recovery codes.";
    return { status: "error", message, fieldErrors: { code: [message] } };
  }
  const destination = await pathAfterSignIn(
    await findSessionPerson(challenge.personId),
    safeCallbackPath(values.callbackUrl),
  );
  // Signed in with a recovery code (not six digits, not a passkey): the phone may be lost. Say how
  // many codes are left and how to set it up again, on the way to the page asked for.
  const usedRecoveryCode = !passkey && !/^\d{6}$/.test(parsed.data?.code.replace(/\s/g, "") ?? "");
  if (usedRecoveryCode && !destination.startsWith("/settings/security") && !destination.startsWith("/verify-email"))
    redirect(`/settings/security?recovered=1&next=${encodeURIComponent(destination)}`);
  redirect(destination);
}

// Every change to a second factor needs a recent authentication (sudo mode): with a stolen session
// alone, someone could otherwise turn it off, or put their own app on the account and lock its owner
// out. Setting one up is open to someone whose role requires it before anything else (capability null).
const FRESH = { freshAuthentication: true };

export const startTotpAction = guardAction(
  null,
  z.object({}),
  async (_input, person) => {
    const secret = await startTotpEnrolment(person.id);
    if (!secret) return { status: "error", message: "An authenticator app is already on. Turn it off first." };
    revalidatePath("/settings/security");
    return { status: "success", message: "Scan the code with your app, then enter the code it shows." };
  },
  FRESH,
);

export const confirmTotpAction = guardAction(
  null,
  codeSchema,
  async ({ code }, person) => {
    const codes = await confirmTotp(person.id, code);
    if (!codes) {
      const message = "That code is not right. Enter the 6-digit code your app shows now.";
      return { status: "error", message, fieldErrors: { code: [message] } };
    }
    await recordAudit({ action: "mfa.totp_enrolled", actor: person, target: person });
    return {
      status: "success",
      message: "Two-step sign-in is on. Save these recovery codes now: each works once if you lose your phone.",
      recoveryCodes: codes,
    };
  },
  FRESH,
);

export const regenerateRecoveryCodesAction = guardAction(
  "read",
  z.object({}),
  async (_input, person) => {
    const codes = await regenerateRecoveryCodes(person.id);
    if (!codes) return { status: "error", message: "Turn on two-step sign-in first." };
    await recordAudit({ action: "mfa.recovery_codes_generated", actor: person, target: person });
    return {
      status: "success",
      message: "New recovery codes. Your old ones no longer work. Save these now: they are shown once.",
      recoveryCodes: codes,
    };
  },
  FRESH,
);

export const removeSecondFactorAction = guardAction(
  "read",
  z.object({}),
  async (_input, person) => {
    if (!(await removeSecondFactor(person.id))) return { status: "error", message: "Two-step sign-in is not on." };
    await recordAudit({ action: "mfa.totp_removed", actor: person, target: person });
    revalidatePath("/settings/security");
    return { status: "success", message: "Two-step sign-in is off. Signing in asks for your password only." };
  },
  FRESH,
);

/** Cancels a setup that was never confirmed: nothing in force changes, so no confirmation is asked. */
export const cancelTotpSetupAction = guardAction(null, z.object({}), async (_input, person) => {
  await cancelTotpEnrolment(person.id);
  revalidatePath("/settings/security");
  return { status: "success", message: "Setup cancelled." };
});

/** An admin takes a person's second factor away (a lost phone and no codes left); their sessions end. */
export const resetSecondFactorForAction = guardAction(
  "manage-access",
  personIdSchema,
  async ({ personId }, actor) => {
    const target = await findSessionPerson(personId);
    if (!target) return { status: "error", message: "That person no longer exists." };
    const refusal = await refusalToActOnPerson(actor, target);
    if (refusal) return { status: "error", message: refusal };
    if (!(await resetSecondFactor(personId)))
      return { status: "error", message: `${target.email} has no two-step sign-in to reset.` };
    await recordAudit({ action: "mfa.reset", actor, target });
    revalidatePath(`/admin/users/${personId}`);
    return {
      status: "success",
      message: `Two-step sign-in of ${target.email} is reset and their sessions have ended. They sign in with their password next.`,
    };
  },
  FRESH,
);

export const setSecondFactorRolesAction = guardAction(
  "manage-security",
  secondFactorRolesSchema,
  async ({ roles, shown, was }, actor) => {
    const result = await setSecondFactorRequirements(actor, roles, shown, was);
    if (result.ok) revalidatePath("/admin/security");
    return { status: result.ok ? "success" : "error", message: result.message };
  },
  FRESH,
);
