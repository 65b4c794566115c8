"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { signIn } from "@/lib/auth/session/nextauth";
import { registerWithPassword } from "@/lib/auth/credentials/verify";
import { PasswordWorkBusy } from "@/lib/auth/credentials/password-work";
import { safeCallbackPath } from "@/lib/auth/edge/redirects";
import { reserveSignUp } from "@/lib/auth/credentials/sign-up-throttle";
import { requestContext } from "@/lib/http/request-context";
import { signUpSchema } from "@/lib/auth/credentials/schemas";
import { echoableValues, formValues, type FormState } from "@/lib/forms/form-state";

// One message for every failed sign-in: unknown email, wrong password and disabled account look alike.
const SIGN_IN_FAILED = "Email or password is incorrect.";

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
    await signIn("credentials", {
      email: values.email,
      password: values.password,
      redirectTo: safeCallbackPath(values.callbackUrl),
    });
  } catch (error) {
    // signIn() ends in a redirect on success; only Auth.js errors mean the credentials were refused.
    if (error instanceof AuthError) {
      const code = "code" in error && typeof error.code === "string" ? error.code : "";
      if (code === "busy")
        return {
          status: "error",
          message: "Gatehouse is busy checking passwords. Try again in a few seconds.",
          values: echoed,
        };
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
  return { status: "success" };
}

export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = signUpSchema.safeParse(values);
  if (!parsed.success) {
    return {
      status: "error",
      message: "Please fix the highlighted fields.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors,
      values: echoableValues(values),
    };
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
  // audit entry), so neither the page nor its timing reveals who is registered.
  let created: Awaited<ReturnType<typeof registerWithPassword>>;
  try {
    created = await registerWithPassword(parsed.data);
  } catch (error) {
    if (error instanceof PasswordWorkBusy) return { status: "error", message: error.message, values: echoed };
    throw error;
  }
  if (created === "exists") await recordAudit({ action: "auth.sign_up_taken", targetEmail: parsed.data.email });
  else await recordAudit({ action: "auth.sign_up", actor: created, target: created, after: { role: "user" } });
  redirect(`/signin?registered=1&email=${encodeURIComponent(parsed.data.email)}`);
}
