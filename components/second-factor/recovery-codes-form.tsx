"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmableFields, asksToConfirm, useConfirmableAction } from "@/components/ui/confirm-identity-fields";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";

/**
 * The codes, shown once: copy, download, and "done", which shows the page as it now is, or goes on
 * to the page the person asked for when setting up was what stood in the way (`continueTo`).
 */
function NewCodes({ state, continueTo }: { state: FormState; continueTo?: string }) {
  const router = useRouter();
  const [copied, setCopied] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), []);
  const codes = state.recoveryCodes ?? [];
  const asText = `Gatehouse recovery codes (each works once)\n\n${codes.join("\n")}\n`;
  return (
    <div ref={panel} tabIndex={-1} className="space-y-3 focus:outline-none" data-testid="recovery-codes">
      <Alert tone="success">{state.message}</Alert>
      <ul
        aria-label="Recovery codes"
        className="grid grid-cols-2 gap-2 rounded-md bg-slate-100 p-3 font-mono text-sm dark:bg-slate-800"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(asText);
            setCopied(true);
          }}
        >
          Copy
        </Button>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            const link = document.createElement("a");
            link.href = URL.createObjectURL(new Blob([asText], { type: "text/plain" }));
            link.download = "gatehouse-recovery-codes.txt";
            link.click();
            URL.revokeObjectURL(link.href);
          }}
        >
          Download
        </Button>
        <Button type="button" onClick={() => (continueTo ? router.push(continueTo) : router.refresh())}>
          {continueTo ? "I have saved them: continue" : "I have saved them"}
        </Button>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-emerald-800 dark:text-emerald-300">
        {copied ? "Copied to the clipboard." : ""}
      </p>
    </div>
  );
}

/**
 * A form whose success hands out recovery codes (confirming an authenticator app, or a new set):
 * the codes replace the form until the person says they have saved them.
 */
export function RecoveryCodesForm({
  id,
  action,
  withCode = false,
  submitLabel,
  pendingLabel,
  variant,
  continueTo,
}: {
  id: string;
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  withCode?: boolean;
  submitLabel: string;
  pendingLabel: string;
  variant?: "primary" | "secondary" | "danger";
  /** A same-origin path to open once the codes are saved (checked by the page that passes it). */
  continueTo?: string;
}) {
  const { state, formAction, submitted, remember } = useConfirmableAction(action);
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);
  if (state.status === "success" && state.recoveryCodes)
    return <NewCodes key={state.recoveryCodes[0]} state={state} continueTo={continueTo} />;
  return (
    <form ref={form} action={formAction} onSubmit={remember} className="space-y-4" noValidate data-form={id}>
      {state.message && !asksToConfirm(state) ? (
        <Alert tone={state.status === "error" ? "error" : "success"}>{state.message}</Alert>
      ) : null}
      <ConfirmableFields id={id} state={state} submitted={submitted}>
        {withCode ? (
          <TextField
            id={`${id}-code`}
            name="code"
            label="Code from your app"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            errors={state.fieldErrors?.code}
          />
        ) : null}
      </ConfirmableFields>
      <SubmitButton pendingLabel={pendingLabel} variant={variant}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
