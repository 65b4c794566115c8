"use client";

import { useActionState, useRef, useState } from "react";
import { idleFormState, type FormState } from "@/lib/forms/form-state";
import { runCeremony } from "@/components/passkeys/ceremony";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

// A dangerous action that asks for a recent authentication (lib/auth/session/fresh-authentication.ts)
// is sent twice: once as the person filled it in, then again with their password, code or passkey.
// The second time must carry exactly what the first did. React resets a form's fields after its
// action answers, so the fields on screen no longer hold what was chosen (a role picked in a select,
// boxes ticked): the confirmation therefore re-sends the first submission itself, as hidden fields,
// and the form's own fields step aside meanwhile. With JavaScript the browser kept that submission
// (passwords included, never sent back by the server); without it, the server echoed what it may.

const CONFIRM_FIELDS = new Set(["confirmPassword", "confirmCode", "confirmPasskey"]);

/** Whether this answer asks the person to confirm it is them before the action goes ahead. */
export function asksToConfirm(state: FormState): boolean {
  const methods = state.confirmWith;
  return Boolean(methods && (methods.password || methods.code || methods.passkey));
}

type Reducer = (previous: FormState, formData: FormData) => Promise<FormState>;
type Submission = Array<[string, string]>;

/**
 * useActionState for a form that may be asked to confirm, plus `remember` for the form's onSubmit: it
 * keeps what was sent (without the confirmation fields) for <ConfirmableFields> to send again. The
 * form's action stays the server action itself, so the form works without JavaScript too.
 */
export function useConfirmableAction(reducer: Reducer) {
  const [state, formAction] = useActionState(reducer, idleFormState);
  const [submitted, setSubmitted] = useState<Submission | null>(null);
  const remember = (event: React.FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    setSubmitted(
      [...data.entries()].flatMap(([name, value]) =>
        typeof value === "string" && !CONFIRM_FIELDS.has(name) && !name.startsWith("$ACTION")
          ? [[name, value] as [string, string]]
          : [],
      ),
    );
  };
  return { state, formAction, submitted, remember };
}

/**
 * A form's own fields, or, while the person is asked to confirm, the submission they made and the
 * ways to confirm. Put every field of the form inside, hidden ones too.
 */
export function ConfirmableFields({
  id,
  state,
  submitted,
  children,
}: {
  id: string;
  state: FormState;
  submitted: Submission | null;
  children?: React.ReactNode;
}) {
  if (!asksToConfirm(state)) return <>{children}</>;
  const original = submitted ?? Object.entries(state.values ?? {});
  return (
    <>
      {original.map(([name, value], index) => (
        <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
      ))}
      <ConfirmIdentityFields id={id} state={state} />
    </>
  );
}

/**
 * Shown inside a form whose dangerous action asked for a recent authentication: the person confirms
 * with their password, a code from their app or a passkey, and the form is sent again, which then goes
 * ahead. Says why once (the form shows no other alert meanwhile). Field names match
 * lib/auth/session/fresh-authentication.ts.
 */
export function ConfirmIdentityFields({ id, state }: { id: string; state: FormState }) {
  const methods = state.confirmWith;
  const passkeyField = useRef<HTMLInputElement>(null);
  const [passkeyProblem, setPasskeyProblem] = useState<string | null>(null);
  if (!methods || !asksToConfirm(state)) return null;
  const saidUnderAField = Object.values(state.fieldErrors ?? {}).some((errors) =>
    errors?.includes(state.message ?? ""),
  );
  return (
    <fieldset
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950"
      data-testid="confirm-identity"
    >
      <legend className="px-1 text-sm font-semibold">Confirm it is you</legend>
      {state.message && !saidUnderAField ? (
        <p role="alert" className="text-sm text-amber-900 dark:text-amber-100">
          {state.message}
        </p>
      ) : null}
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
