"use client";

import { useEffect, useRef, useState } from "react";
import type { Scope } from "@/lib/auth/policy";
import type { FormState } from "@/lib/forms/form-state";
import { createTokenAction } from "@/lib/actions/tokens";
import { DEFAULT_EXPIRY } from "@/lib/tokens/schemas";
import { TOKEN_REVOKED_EVENT } from "@/components/tokens/revoke-token-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmableFields, asksToConfirm, useConfirmableAction } from "@/components/ui/confirm-identity-fields";
import { TextField } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { ScopeCheckboxes } from "@/components/ui/scope-checkboxes";
import { Copyable } from "@/components/ui/copyable";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";

/** The new token's secret, shown once, until the person says they have it or the token goes away. */
function NewSecret({ state, onDone }: { state: FormState; onDone: () => void }) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), []);
  return (
    <div ref={panel} tabIndex={-1} className="space-y-3 focus:outline-none" data-testid="new-token">
      <Alert tone="success">{state.message}</Alert>
      <Copyable value={state.secret!} label="New token">
        <Button type="button" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </Copyable>
    </div>
  );
}

/**
 * "Generate new token" opens the form; a created token's secret is shown once, its row in the list
 * is pointed out, and the secret goes away when the person is done or the token is revoked.
 */
export function CreateTokenForm({
  canChooseNever,
  roleNotes,
}: {
  canChooseNever: boolean;
  /** Per scope, what the person's role does not allow of it now (null: it allows all of it). */
  roleNotes: Record<Scope, string | null>;
}) {
  const [open, setOpen] = useState(false);
  const { state, formAction, submitted, remember } = useConfirmableAction(createTokenAction);
  const [shownFor, setShownFor] = useState<FormState | null>(null);
  const [cancelledAt, setCancelledAt] = useState<FormState | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useFocusOnError(form, state);

  const showing = state.status === "success" && state.secret && shownFor !== state ? state : null;

  useEffect(() => {
    if (!state.createdId) return;
    const row = document.querySelector<HTMLElement>(`[data-token-id="${CSS.escape(state.createdId)}"]`);
    row?.setAttribute("data-new", "");
    row?.scrollIntoView({ block: "nearest" });
  }, [state.createdId]);

  useEffect(() => {
    const forget = () => setShownFor(state);
    window.addEventListener(TOKEN_REVOKED_EVENT, forget);
    return () => window.removeEventListener(TOKEN_REVOKED_EVENT, forget);
  }, [state]);

  const done = () => {
    setShownFor(state);
    setOpen(false);
    setTimeout(() => opener.current?.focus(), 0);
  };

  if (showing) return <NewSecret key={showing.createdId} state={showing} onDone={done} />;

  if (!open && !(state.status === "error" && cancelledAt !== state)) {
    return (
      <Button ref={opener} type="button" onClick={() => setOpen(true)}>
        Generate new token
      </Button>
    );
  }

  const errors = state.fieldErrors ?? {};
  const chosen = new Set((state.values?.scopes ?? "articles:read").split(","));
  const expiryOptions = [
    { value: "7", label: "7 days" },
    { value: "30", label: "30 days" },
    { value: "90", label: "90 days" },
    { value: "365", label: "1 year" },
    ...(canChooseNever ? [{ value: "never", label: "Never (admins only)" }] : []),
  ];
  return (
    <form ref={form} action={formAction} onSubmit={remember} className="space-y-5" noValidate>
      {state.status === "error" && state.message && !asksToConfirm(state) ? (
        <Alert tone="error">{state.message}</Alert>
      ) : null}
      <ConfirmableFields id="create-token" state={state} submitted={submitted}>
        <TextField
          name="name"
          label="Name"
          placeholder="CI deploy script"
          required
          maxLength={100}
          defaultValue={state.values?.name ?? ""}
          errors={errors.name}
          autoFocus
        />
        <SelectField
          name="expiresIn"
          label="Expires after"
          value={state.values?.expiresIn ?? DEFAULT_EXPIRY}
          options={expiryOptions}
        />
        {errors.expiresIn ? <p className="text-sm text-red-700 dark:text-red-400">{errors.expiresIn[0]}</p> : null}
        <ScopeCheckboxes
          id="create-token"
          legend="Scopes"
          chosen={chosen}
          errors={errors.scopes}
          note={(scope) =>
            roleNotes[scope] ? (
              <span className="block text-xs text-amber-800 dark:text-amber-300">{roleNotes[scope]}</span>
            ) : null
          }
        />
      </ConfirmableFields>
      <div className="flex flex-wrap gap-3">
        <SubmitButton pendingLabel="Creating…">Create token</SubmitButton>
        <Button
          type="button"
          variant="ghost"
          onClick={() => {
            setOpen(false);
            setCancelledAt(state);
            setTimeout(() => opener.current?.focus(), 0);
          }}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}
