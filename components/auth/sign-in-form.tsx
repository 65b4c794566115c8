"use client";

import { useActionState, useRef } from "react";
import { signInAction } from "@/lib/actions/credentials";
import { idleFormState } from "@/lib/forms/form-state";
import { Alert } from "@/components/ui/alert";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function SignInForm({ callbackUrl, email }: { callbackUrl: string; email?: string }) {
  const [state, formAction] = useActionState(signInAction, idleFormState);
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);
  return (
    <form ref={form} action={formAction} className="space-y-5" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email ?? email ?? ""}
      />
      <TextField name="password" label="Password" type="password" autoComplete="current-password" required />
      <SubmitButton pendingLabel="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}
