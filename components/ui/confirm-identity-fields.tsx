"use client";

import type { FormState } from "@/lib/forms/form-state";
import { TextField } from "@/components/ui/field";

/**
 * Shown inside a form whose dangerous action asked for a recent authentication: the person confirms
 * with their password or a code from their app, and sends the same form again, which then goes ahead.
 * Field names match lib/auth/session/fresh-authentication.ts.
 */
export function ConfirmIdentityFields({ id, state }: { id: string; state: FormState }) {
  const methods = state.confirmWith;
  if (!methods || (!methods.password && !methods.code)) return null;
  return (
    <fieldset
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950"
      data-testid="confirm-identity"
    >
      <legend className="px-1 text-sm font-semibold">Confirm it is you</legend>
      {methods.password ? (
        <TextField
          id={`${id}-confirmPassword`}
          name="confirmPassword"
          label="Your password"
          type="password"
          autoComplete="current-password"
          errors={state.fieldErrors?.confirmPassword}
        />
      ) : null}
      {methods.code ? (
        <TextField
          id={`${id}-confirmCode`}
          name="confirmCode"
          label={methods.password ? "Or a code from your authenticator app" : "Code from your authenticator app"}
          inputMode="numeric"
          autoComplete="one-time-code"
          errors={state.fieldErrors?.confirmCode}
        />
      ) : null}
    </fieldset>
  );
}
