"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { changeEmailSchema } from "@/lib/auth/credentials/schemas";
import { cancelEmailChange, confirmEmailChange, requestEmailChange, undoEmailChange } from "@/lib/auth/email/change";
import { LINK_PROBLEM_MESSAGES } from "@/lib/auth/email/links";
import { linkFormSchema } from "@/lib/auth/email/schemas";
import { confirmEmail, sendVerification, takeResendAttempt } from "@/lib/auth/email/verification";
import { guardAction } from "@/lib/auth/guards/action";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { READ_ONLY_WHILE_VIEWING_AS } from "@/lib/auth/policy";
import { formValues, type FormState } from "@/lib/forms/form-state";
import { requestContext } from "@/lib/http/request-context";

const SOMEONE_ELSE =
  "This link belongs to another account than the one signed in here. Sign out first, then open the link again.";
const TAKEN = "That address now belongs to another account, so it cannot become yours.";

function problemMessage(problem: keyof typeof LINK_PROBLEM_MESSAGES | "someone-else" | "taken"): string {
  if (problem === "someone-else") return SOMEONE_ELSE;
  if (problem === "taken") return TAKEN;
  return LINK_PROBLEM_MESSAGES[problem];
}

/** Links are followed by pressing a button on the page they open, so a mail scanner's visit uses nothing. */
function linkToken(formData: FormData): string | null {
  const parsed = linkFormSchema.safeParse(formValues(formData));
  return parsed.success ? parsed.data.token : null;
}

// Open to anyone signed in, confirmed address or not: it is how one gets confirmed.
export const resendVerificationAction = guardAction(null, z.object({}), async (_input, person) => {
  if (person.emailVerified) return { status: "success", message: "Your address is already confirmed." };
  const attempt = await takeResendAttempt(person.id, (await requestContext()).ip);
  if (!attempt.allowed) {
    const minutes = Math.max(1, Math.ceil(attempt.retryAfterSeconds / 60));
    return {
      status: "error",
      message: `You asked for several links already. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
    };
  }
  const sent = await sendVerification(person);
  revalidatePath("/verify-email");
  return sent
    ? { status: "success", message: `We sent a new link to ${person.email}. Earlier links no longer work.` }
    : { status: "error", message: `We could not send the mail to ${person.email}. Try again in a minute.` };
});

export async function confirmEmailAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const token = linkToken(formData);
  if (!token) return { status: "error", message: LINK_PROBLEM_MESSAGES.invalid };
  const person = await getCurrentPerson();
  if (person?.viewer) return { status: "error", message: READ_ONLY_WHILE_VIEWING_AS };
  const result = await confirmEmail(token, person?.id ?? null);
  if (typeof result === "string") return { status: "error", message: problemMessage(result) };
  redirect(person ? "/dashboard?verified=1" : `/signin?verified=1&email=${encodeURIComponent(result.email)}`);
}

export const requestEmailChangeAction = guardAction("read", changeEmailSchema, async (input, person) => {
  const request = await requestEmailChange(person, input.email, input.currentPassword);
  if (!request.ok) {
    return {
      status: "error",
      message: request.message,
      values: { email: input.email },
      ...(request.field ? { fieldErrors: { [request.field]: [request.message] } } : {}),
    };
  }
  revalidatePath("/settings/account");
  return {
    status: "success",
    message: `We sent a link to ${input.email}. Your address stays ${person.email} until you follow it (within 24 hours).`,
  };
});

export const cancelEmailChangeAction = guardAction("read", z.object({}), async (_input, person) => {
  await cancelEmailChange(person.id);
  revalidatePath("/settings/account");
  return { status: "success", message: "The change is cancelled; its link no longer works." };
});

export async function confirmEmailChangeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const token = linkToken(formData);
  if (!token) return { status: "error", message: LINK_PROBLEM_MESSAGES.invalid };
  const person = await getCurrentPerson();
  if (person?.viewer) return { status: "error", message: READ_ONLY_WHILE_VIEWING_AS };
  const result = await confirmEmailChange(token, person?.id ?? null);
  if (typeof result === "string") return { status: "error", message: problemMessage(result) };
  redirect(
    person ? "/settings/account?emailChanged=1" : `/signin?emailChanged=1&email=${encodeURIComponent(result.email)}`,
  );
}

export async function undoEmailChangeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const token = linkToken(formData);
  if (!token) return { status: "error", message: LINK_PROBLEM_MESSAGES.invalid };
  if ((await getCurrentPerson())?.viewer) return { status: "error", message: READ_ONLY_WHILE_VIEWING_AS };
  const result = await undoEmailChange(token);
  if (typeof result === "string") return { status: "error", message: problemMessage(result) };
  redirect("/email-change/undo?undone=1");
}
