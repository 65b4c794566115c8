"use client";

import { useActionState, useRef } from "react";
import { signUpAction } from "@/lib/actions/credentials";
import { NEW_PASSWORD_HINT, PASSWORD_MIN_LENGTH } from "@/lib/auth/credentials/limits";
import { idleFormState } from "@/lib/forms/form-state";
import { Alert } from "@/components/ui/alert";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function SignUpForm() {
  const [state, formAction] = useActionState(signUpAction, idleFormState);
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);
  const errors = state.fieldErrors ?? {};
  return (
    <form ref={form} action={formAction} className="space-y-5" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <TextField
        name="name"
        label="Name (optional)"
        autoComplete="name"
        defaultValue={state.values?.name ?? ""}
        errors={errors.name}
      />
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email ?? ""}
        errors={errors.email}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={NEW_PASSWORD_HINT}
        errors={errors.password}
      />
      <SubmitButton pendingLabel="Creating account…" className="w-full">
        Create account
      </SubmitButton>
    </form>
  );
}
