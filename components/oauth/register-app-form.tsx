"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { SCOPES, SCOPE_DESCRIPTIONS, type Scope } from "@/lib/auth/policy";
import { idleFormState, type FormState } from "@/lib/forms/form-state";
import { registerAppAction } from "@/lib/auth/oauth-server/apps/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmIdentityFields } from "@/components/ui/confirm-identity-fields";
import { TextAreaField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";

/** A secret (an app's client secret) shown once, with its message, until the person is done. */
export function ShownOnce({ state, label, onDone }: { state: FormState; label: string; onDone: () => void }) {
  const panel = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => panel.current?.focus(), []);
  return (
    <div ref={panel} tabIndex={-1} className="space-y-3 focus:outline-none" data-testid="shown-once">
      <Alert tone="success">{state.message}</Alert>
      {state.secret ? (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <code
            tabIndex={0}
            aria-label={label}
            data-testid="client-secret"
            className="block min-w-0 flex-1 overflow-x-auto rounded-md bg-slate-100 px-3 py-2 font-mono text-sm whitespace-nowrap dark:bg-slate-800"
          >
            {state.secret}
          </code>
          <Button
            type="button"
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard.writeText(state.secret!);
              setCopied(true);
            }}
          >
            Copy
          </Button>
        </div>
      ) : null}
      <p role="status" aria-live="polite" className="text-sm text-emerald-800 dark:text-emerald-300">
        {copied ? "Copied to the clipboard." : ""}
      </p>
      <Button type="button" variant="ghost" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}

export function RegisterAppForm() {
  const [open, setOpen] = useState(false);
  const [state, formAction] = useActionState(registerAppAction, idleFormState);
  const [doneWith, setDoneWith] = useState<FormState | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);

  if (state.status === "success" && doneWith !== state) {
    return (
      <ShownOnce
        state={state}
        label="Client secret"
        onDone={() => {
          setDoneWith(state);
          setOpen(false);
        }}
      />
    );
  }
  if (!open && state.status !== "error") {
    return <Button onClick={() => setOpen(true)}>Register an app</Button>;
  }
  const errors = state.fieldErrors ?? {};
  const chosen = new Set((state.values?.scopes ?? "articles:read").split(","));
  const kind = state.values?.kind ?? "confidential";
  return (
    <form ref={form} action={formAction} className="space-y-5" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <TextField
        name="name"
        label="Name"
        placeholder="Article sync"
        required
        maxLength={100}
        defaultValue={state.values?.name ?? ""}
        errors={errors.name}
        autoFocus
      />
      <TextField
        name="homepageUrl"
        label="Homepage (optional)"
        type="url"
        placeholder="https://app.example.com"
        defaultValue={state.values?.homepageUrl ?? ""}
        errors={errors.homepageUrl}
      />
      <TextAreaField
        name="redirectUris"
        label="Redirect URIs"
        hint="One per line. People are sent back only to an address listed here exactly: https, http on localhost, or an app scheme."
        placeholder="https://app.example.com/callback"
        defaultValue={state.values?.redirectUris ?? ""}
        errors={errors.redirectUris}
        required
        rows={3}
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Kind</legend>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="kind"
            value="confidential"
            defaultChecked={kind === "confidential"}
            className="mt-0.5 size-4"
          />
          <span>
            <strong>Web app with a server</strong> — keeps a client secret
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="kind" value="public" defaultChecked={kind === "public"} className="mt-0.5 size-4" />
          <span>
            <strong>Single-page, mobile or command-line app</strong> — cannot keep a secret; uses PKCE
          </span>
        </label>
        {errors.kind ? <p className="text-sm text-red-700 dark:text-red-400">{errors.kind[0]}</p> : null}
      </fieldset>
      <fieldset className="space-y-2" aria-describedby={errors.scopes ? "app-scopes-error" : undefined}>
        <legend className="text-sm font-medium">Scopes it may ask people for</legend>
        {(Object.keys(SCOPES) as Scope[]).map((scope) => (
          <label key={scope} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              defaultChecked={chosen.has(scope)}
              className="mt-0.5 size-4"
            />
            <span>
              <code className="font-mono">{scope}</code> — {SCOPE_DESCRIPTIONS[scope]}
            </span>
          </label>
        ))}
        {errors.scopes ? (
          <p id="app-scopes-error" className="text-sm text-red-700 dark:text-red-400">
            {errors.scopes[0]}
          </p>
        ) : null}
      </fieldset>
      <ConfirmIdentityFields id="register-app" state={state} />
      <div className="flex flex-wrap gap-3">
        <SubmitButton pendingLabel="Registering…">Register app</SubmitButton>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
