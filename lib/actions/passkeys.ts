"use server";

import { revalidatePath } from "next/cache";
import { isSignInRefusal } from "@/lib/auth/session/sign-in-refusal";
import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/audit/record";
import { safeCallbackPath } from "@/lib/auth/edge/redirects";
import { guardAction } from "@/lib/auth/guards/action";
import { finishRegistration } from "@/lib/auth/passkeys/ceremonies";
import { passkeyOwner, removePasskey } from "@/lib/auth/passkeys/queries";
import { passkeySignInSchema, registerPasskeySchema, removePasskeySchema } from "@/lib/auth/passkeys/schemas";
import { pathAfterSignIn } from "@/lib/auth/second-factor/sign-in";
import { signIn } from "@/lib/auth/session/nextauth";
import { formValues, type FormState } from "@/lib/forms/form-state";
import { findSessionPerson } from "@/lib/people/queries";

// Adding and removing passkeys are second-factor changes: they need a recent authentication.
const FRESH = { freshAuthentication: true };

// Open to someone whose role requires a second factor before anything else (capability null), like
// setting up an authenticator app.
export const registerPasskeyAction = guardAction(
  null,
  registerPasskeySchema,
  async ({ challengeId, response, name }, person) => {
    const registered = await finishRegistration(person.id, challengeId, response, name);
    if (!registered.ok) return { status: "error", message: registered.message };
    await recordAudit({ action: "passkey.registered", actor: person, target: person, after: { name } });
    revalidatePath("/settings/security");
    return { status: "success", message: `Passkey “${name}” added. You can sign in with it, no password needed.` };
  },
  FRESH,
);

export const removePasskeyAction = guardAction(
  "read",
  removePasskeySchema,
  async ({ passkeyId }, person) => {
    const name = await removePasskey(person.id, passkeyId);
    if (!name) return { status: "error", message: "That passkey is already gone." };
    await recordAudit({ action: "passkey.removed", actor: person, target: person, before: { name } });
    revalidatePath("/settings/security");
    return { status: "success", message: `Passkey “${name}” removed.` };
  },
  FRESH,
);

const PASSKEY_PROBLEMS: Record<string, string> = {
  expired: "That passkey request expired. Try again.",
  unknown: "This passkey is not registered with Gatehouse. Sign in with your password, then add it in settings.",
  cloned: "This passkey was refused: it may have been copied. Sign in another way and tell an admin.",
  invalid: "The passkey could not be verified. Try again.",
  disabled: "The passkey could not be verified. Try again.",
};

/** Signing in with a passkey alone: the browser's signed answer for a sign-in challenge. */
export async function passkeySignInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = passkeySignInSchema.safeParse(values);
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "Try again." };
  try {
    await signIn("passkey", { challengeId: parsed.data.challengeId, response: parsed.data.response, redirect: false });
  } catch (error) {
    if (!isSignInRefusal(error)) throw error;
    const code = "code" in error && typeof error.code === "string" ? error.code : "";
    if (code.startsWith("throttled:"))
      return { status: "error", message: "Too many passkey sign-ins from your network. Wait a few minutes." };
    return { status: "error", message: PASSKEY_PROBLEMS[code] ?? PASSKEY_PROBLEMS.invalid };
  }
  // Signed in: the passkey (whose id the answer carries) names the person, for where to go next.
  const owner = await passkeyOwner(parsed.data.response);
  redirect(
    await pathAfterSignIn(owner ? await findSessionPerson(owner) : null, safeCallbackPath(parsed.data.callbackUrl)),
  );
}
