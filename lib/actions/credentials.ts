"use server";

import { redirect } from "next/navigation";
import { isSignInRefusal } from "@/lib/auth/session/sign-in-refusal";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { signIn } from "@/lib/auth/session/nextauth";
import { attemptedEmail, registerWithPassword } from "@/lib/auth/credentials/verify";
import { findPersonByEmail } from "@/lib/people/queries";
import { pathAfterSignIn } from "@/lib/auth/second-factor/sign-in";
import { PasswordWorkBusy } from "@/lib/auth/credentials/password-work";
import { safeCallbackPath } from "@/lib/auth/edge/redirects";
import { reserveSignUp } from "@/lib/auth/credentials/sign-up-throttle";
import { requestContext } from "@/lib/http/request-context";
import {
  SIGN_IN_FAILED,
  changePasswordSchema,
  forgotPasswordSchema,
  resetPasswordSchema,
  signUpSchema,
} from "@/lib/auth/credentials/schemas";
import { changePassword } from "@/lib/auth/credentials/change";
import { requestPasswordReset, resetPassword, sendResetLink, takeResetAttempt } from "@/lib/auth/credentials/recovery";
import { sendVerification } from "@/lib/auth/email/verification";
import { revokedApiAccess } from "@/lib/auth/end-access";
import { LINK_PROBLEM_MESSAGES } from "@/lib/auth/email/links";
import { guardAction } from "@/lib/auth/guards/action";
import { afterResponse } from "@/lib/http/after-response";
import { tryDeliver } from "@/lib/mail/deliver";
import { signUpAttemptMail } from "@/lib/mail/messages";
import { echoableValues, formValues, invalidFields, type FormState } from "@/lib/forms/form-state";

// One message for every failed sign-in: unknown email, wrong password and disabled account look alike.

function minutesFrom(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const echoed = { email: values.email ?? "" };
  if (!values.email?.trim() || !values.password) {
    return { status: "error", message: "Enter your email and password.", values: echoed };
  }
  try {
    // No redirect from inside signIn(): the page it would render in this same response skips
    // middleware, so a person who must confirm their address first is sent there below instead.
    await signIn("credentials", { email: values.email, password: values.password, redirect: false });
  } catch (error) {
    // signIn() ends in a redirect on success; only Auth.js errors mean the credentials were refused.
    if (isSignInRefusal(error)) {
      const code = "code" in error && typeof error.code === "string" ? error.code : "";
      if (code === "busy")
        return {
          status: "error",
          message: "Gatehouse is busy checking passwords. Try again in a few seconds.",
          values: echoed,
        };
      // The password was right and the account has a second factor: the next step asks for a code.
      if (code === "second-step")
        redirect(`/signin/second-step?callbackUrl=${encodeURIComponent(safeCallbackPath(values.callbackUrl))}`);
      if (code.startsWith("throttled:")) {
        return {
          status: "error",
          message: `Too many sign-in attempts. Wait ${minutesFrom(Number(code.slice("throttled:".length)))} and try again.`,
          values: echoed,
        };
      }
      return { status: "error", message: SIGN_IN_FAILED, values: echoed };
    }
    throw error;
  }
  const email = attemptedEmail(values);
  const person = email ? await findPersonByEmail(email) : null;
  redirect(await pathAfterSignIn(person, safeCallbackPath(values.callbackUrl)));
}

export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = signUpSchema.safeParse(values);
  if (!parsed.success) {
    return invalidFields(parsed.error, values);
  }
  const echoed = echoableValues(values);
  const reservation = await reserveSignUp((await requestContext()).ip);
  if (!reservation.allowed) {
    if (reservation.firstRefusalInWindow)
      await recordAudit({
        action: "auth.sign_up_throttled",
        after: { retryAfterSeconds: reservation.retryAfterSeconds },
      });
    return {
      status: "error",
      message: `Too many sign-ups from your network. Try again in ${minutesFrom(reservation.retryAfterSeconds)}.`,
      values: echoed,
    };
  }
  // A new account and a taken email get the same answer, after the same work (a hash, an insert, an
  // audit entry), so neither the page nor its timing reveals who is registered. The mail differs (a
  // link to confirm the address, or a note to its owner that someone tried) and goes out after the
  // response, so its time does not show either.
  let created: Awaited<ReturnType<typeof registerWithPassword>>;
  try {
    created = await registerWithPassword(parsed.data);
  } catch (error) {
    // Nothing was created (too busy, or the database did not answer): the network keeps its slot.
    await reservation.cancel();
    if (error instanceof PasswordWorkBusy) return { status: "error", message: error.message, values: echoed };
    throw error;
  }
  const context = await requestContext();
  if (created === "exists") {
    await recordAudit({ action: "auth.sign_up_taken", targetEmail: parsed.data.email });
    afterResponse(async () => {
      await tryDeliver(signUpAttemptMail(parsed.data.email));
    });
  } else {
    await recordAudit({ action: "auth.sign_up", actor: created, target: created, after: { role: "user" } });
    afterResponse(async () => {
      await sendVerification(created, { context });
    });
  }
  redirect(`/signin?registered=1&email=${encodeURIComponent(parsed.data.email)}`);
}

/** The same answer for every address (lib/auth/credentials/recovery.ts says why). */
export async function forgotPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = forgotPasswordSchema.safeParse(values);
  if (!parsed.success) {
    return invalidFields(parsed.error, values);
  }
  const { email } = parsed.data;
  const attempt = await takeResetAttempt(email, (await requestContext()).ip);
  if (!attempt.allowed) {
    return {
      status: "error",
      message: `Too many reset requests. Wait ${minutesFrom(attempt.retryAfterSeconds)} and try again.`,
      values: { email },
    };
  }
  await requestPasswordReset(email);
  return {
    status: "success",
    message: `If an account uses ${email}, we sent it a link to choose a new password. It works for 30 minutes; check your spam folder if it does not arrive.`,
  };
}

export async function resetPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = resetPasswordSchema.safeParse(values);
  if (!parsed.success) {
    return invalidFields(parsed.error, values);
  }
  let reset: Awaited<ReturnType<typeof resetPassword>>;
  try {
    reset = await resetPassword(parsed.data.token, parsed.data.password, parsed.data);
  } catch (error) {
    if (error instanceof PasswordWorkBusy) return { status: "error", message: error.message };
    throw error;
  }
  if (typeof reset === "string") return { status: "error", message: LINK_PROBLEM_MESSAGES[reset] };
  // Every old session has ended; this browser starts a new one with the new password.
  try {
    await signIn("credentials", {
      email: reset.email,
      password: parsed.data.password,
      redirectTo: "/dashboard?passwordReset=1",
    });
  } catch (error) {
    if (isSignInRefusal(error) && "code" in error && error.code === "second-step")
      redirect("/signin/second-step?callbackUrl=%2Fdashboard%3FpasswordReset%3D1");
    if (isSignInRefusal(error)) redirect(`/signin?passwordReset=1&email=${encodeURIComponent(reset.email)}`);
    throw error;
  }
  return { status: "success" };
}

export const changePasswordAction = guardAction("read", changePasswordSchema, async (input, person) => {
  let change: Awaited<ReturnType<typeof changePassword>>;
  try {
    change = await changePassword(person, input);
  } catch (error) {
    if (error instanceof PasswordWorkBusy) return { status: "error", message: error.message };
    throw error;
  }
  if (!change.ok) {
    return {
      status: "error",
      message: change.message,
      ...(change.field ? { fieldErrors: { [change.field]: [change.message] } } : {}),
    };
  }
  const { sessions } = change.ended;
  const others = sessions ? ` ${sessions} other session${sessions === 1 ? " was" : "s were"} signed out.` : "";
  const revoked = revokedApiAccess(change.ended);
  return { status: "success", message: `Your password is changed.${others}${revoked ? ` ${revoked}.` : ""}` };
});

/** For an account without a password: a link to set one, to its own address (as "forgot password" would). */
export const sendPasswordLinkAction = guardAction("read", z.object({}), async (_input, person) => {
  const sent = await sendResetLink(person);
  return sent
    ? { status: "success", message: `We sent a link to ${person.email}. It works for 30 minutes.` }
    : { status: "error", message: `We could not send the mail to ${person.email}. Try again in a minute.` };
});
