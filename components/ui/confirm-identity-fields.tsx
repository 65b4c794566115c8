"use client";

import { useRef, useState } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { runCeremony } from "@/components/passkeys/ceremony";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

/**
 * Shown inside a form whose dangerous action asked for a recent authentication: the person confirms
 * with their password, a code from their app or a passkey, and the same form is sent again, which
 * then goes ahead. Field names match lib/auth/session/fresh-authentication.ts.
 */
export function ConfirmIdentityFields({ id, state }: { id: string; state: FormState }) {
  const methods = state.confirmWith;
  const passkeyField = useRef<HTMLInputElement>(null);
  const [passkeyProblem, setPasskeyProblem] = useState<string | null>(null);
  if (!methods || (!methods.password && !methods.code && !methods.passkey)) return null;
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
      {methods.passkey ? (
        <div className="space-y-2">
          <input ref={passkeyField} type="hidden" name="confirmPasskey" />
          <Button
            type="button"
            variant="secondary"
            onClick={async (event) => {
              const form = event.currentTarget.form;
              setPasskeyProblem(null);
              const result = await runCeremony("confirm");
              if (!result.ok) return setPasskeyProblem(result.message);
              passkeyField.current!.value = JSON.stringify({
                challengeId: result.challengeId,
                response: result.response,
              });
              form?.requestSubmit();
            }}
          >
            {methods.password || methods.code ? "Or use a passkey" : "Use a passkey"}
          </Button>
          {passkeyProblem ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {passkeyProblem}
            </p>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
