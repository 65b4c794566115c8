"use client";

import { useActionState, useRef } from "react";
import { registerPasskeyAction } from "@/lib/actions/passkeys";
import { idleFormState, type FormState } from "@/lib/forms/form-state";
import { runCeremony } from "@/components/passkeys/ceremony";
import { Alert } from "@/components/ui/alert";
import { ConfirmIdentityFields, asksToConfirm } from "@/components/ui/confirm-identity-fields";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

/**
 * Adds a passkey: a name, a recent authentication (asked for first when the sign-in is old, before
 * the device makes anything), then the device's own prompt, then the server checks and stores it.
 */
export function PasskeyRegisterForm() {
  const [state, formAction] = useActionState(async (previous: FormState, formData: FormData): Promise<FormState> => {
    const name = text(formData, "name");
    if (!name.trim())
      return {
        status: "error",
        message: "Give the passkey a name, like “Work laptop”.",
        fieldErrors: { name: ["Give the passkey a name, like “Work laptop”."] },
      };
    const result = await runCeremony("register", {
      confirmPassword: text(formData, "confirmPassword"),
      confirmCode: text(formData, "confirmCode"),
    });
    if (!result.ok)
      return { status: "error", message: result.message, confirmWith: result.confirmWith, values: { name } };
    formData.set("challengeId", result.challengeId);
    formData.set("response", result.response);
    return registerPasskeyAction(previous, formData);
  }, idleFormState);
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);
  return (
    <form ref={form} action={formAction} className="space-y-4" noValidate data-form="add-passkey">
      {state.message && !asksToConfirm(state) ? (
        <Alert tone={state.status === "error" ? "error" : "success"}>{state.message}</Alert>
      ) : null}
      <TextField
        key={`${state.status}-${state.message ?? ""}`}
        id="add-passkey-name"
        name="name"
        label="Passkey name"
        placeholder="Work laptop"
        maxLength={60}
        required
        defaultValue={state.status === "error" ? (state.values?.name ?? "") : ""}
        errors={state.fieldErrors?.name}
        hint="So you can tell your passkeys apart."
      />
      <ConfirmIdentityFields
        id="add-passkey"
        state={{ ...state, confirmWith: state.confirmWith && { ...state.confirmWith, passkey: false } }}
      />
      <SubmitButton pendingLabel="Waiting for your device…" variant="secondary">
        Add a passkey
      </SubmitButton>
    </form>
  );
}
