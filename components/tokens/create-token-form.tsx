"use client";

import { useActionState, useState } from "react";
import { SCOPES, type Scope } from "@/lib/auth/policy";
import { idleFormState } from "@/lib/forms/form-state";
import { createTokenAction } from "@/lib/tokens/actions";
import { DEFAULT_EXPIRY } from "@/lib/tokens/schemas";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";

const SCOPE_HELP: Record<Scope, string> = {
  "articles:read": "List and read articles",
  "articles:write": "Create and update articles",
  "articles:delete": "Delete articles",
};

export function CreateTokenForm({
  canChooseNever,
  roleAllows,
}: {
  canChooseNever: boolean;
  roleAllows: Record<Scope, boolean>;
}) {
  const [state, formAction] = useActionState(createTokenAction, idleFormState);
  const [copied, setCopied] = useState(false);
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
    <div className="space-y-5">
      {state.status === "success" && state.secret ? (
        <div className="space-y-3" data-testid="new-token">
          <Alert tone="success">{state.message}</Alert>
          <div className="flex items-center gap-2">
            <code
              className="block flex-1 overflow-x-auto rounded-md bg-slate-100 px-3 py-2 font-mono text-sm dark:bg-slate-800"
              aria-label="New token"
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
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </div>
      ) : null}
      <form action={formAction} className="space-y-5" noValidate>
        {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
        <TextField
          name="name"
          label="Name"
          placeholder="CI deploy script"
          required
          maxLength={100}
          defaultValue={state.values?.name ?? ""}
          errors={errors.name}
        />
        <SelectField
          name="expiresIn"
          label="Expires after"
          value={state.values?.expiresIn ?? DEFAULT_EXPIRY}
          options={expiryOptions}
        />
        {errors.expiresIn ? <p className="text-sm text-red-600 dark:text-red-400">{errors.expiresIn[0]}</p> : null}
        <fieldset className="space-y-2" aria-describedby={errors.scopes ? "scopes-error" : undefined}>
          <legend className="text-sm font-medium">Scopes</legend>
          {(Object.keys(SCOPES) as Scope[]).map((scope) => (
            <label key={scope} className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={chosen.has(scope)} className="mt-1" />
              <span>
                <code className="font-mono">{scope}</code> — {SCOPE_HELP[scope]}
                {!roleAllows[scope] ? (
                  <span className="block text-xs text-amber-700 dark:text-amber-400">
                    Your role does not allow this now; the token can use it only if your role grows.
                  </span>
                ) : null}
              </span>
            </label>
          ))}
          {errors.scopes ? (
            <p id="scopes-error" className="text-sm text-red-600 dark:text-red-400">
              {errors.scopes[0]}
            </p>
          ) : null}
        </fieldset>
        <SubmitButton pendingLabel="Creating…">Create token</SubmitButton>
      </form>
    </div>
  );
}
