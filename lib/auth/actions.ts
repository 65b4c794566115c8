"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { signIn, signOut } from "@/lib/auth/auth";
import { registerWithPassword } from "@/lib/auth/credentials";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeCallbackPath } from "@/lib/auth/redirects";
import { signUpSchema } from "@/lib/auth/schemas";
import { echoableValues, formValues, type FormState } from "@/lib/forms/form-state";

// One message for every failed sign-in: unknown email, wrong password and disabled account look alike.
const SIGN_IN_FAILED = "Email or password is incorrect.";

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
      if (code.startsWith("throttled:")) {
        const minutes = Math.max(1, Math.ceil(Number(code.slice("throttled:".length)) / 60));
        return { status: "error", message: `Too many sign-in attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`, values: echoed };
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
  // A new account and a taken email get the same answer, after the same work (a hash, an insert, an
  // audit entry), so neither the page nor its timing reveals who is registered.
  const created = await registerWithPassword(parsed.data);
  if (created === "exists") await recordAudit({ action: "auth.sign_up_taken", targetEmail: parsed.data.email });
  else await recordAudit({ action: "auth.sign_up", actor: created, target: created, after: { role: "user" } });
  redirect(`/signin?registered=1&email=${encodeURIComponent(parsed.data.email)}`);
}

export async function signOutAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) await recordAudit({ action: "auth.sign_out", actor: user, target: user });
  await signOut({ redirectTo: "/signin?signedOut=1" });
}
