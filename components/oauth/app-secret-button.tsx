"use client";

import { useState } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { createAppSecretAction } from "@/lib/actions/apps";
import { ShownOnce } from "@/components/oauth/register-app-form";
import { Alert } from "@/components/ui/alert";
import { ConfirmableFields, asksToConfirm, useConfirmableAction } from "@/components/ui/confirm-identity-fields";
import { SubmitButton } from "@/components/ui/submit-button";

/** "New secret": a second secret beside the first, shown once, so the app can switch without downtime. */
export function AppSecretButton({ appId }: { appId: string }) {
  const { state, formAction, submitted, remember } = useConfirmableAction(createAppSecretAction);
  const [doneWith, setDoneWith] = useState<FormState | null>(null);
  if (state.status === "success" && doneWith !== state)
    return <ShownOnce state={state} label="New client secret" onDone={() => setDoneWith(state)} />;
  return (
    <form action={formAction} onSubmit={remember} className="space-y-3">
      {state.status === "error" && state.message && !asksToConfirm(state) ? (
        <Alert tone="error">{state.message}</Alert>
      ) : null}
      <ConfirmableFields id={`secret-${appId}`} state={state} submitted={submitted}>
        <input type="hidden" name="appId" value={appId} />
      </ConfirmableFields>
      <SubmitButton variant="secondary" pendingLabel="Creating…">
        New secret
      </SubmitButton>
    </form>
  );
}
