"use client";

import { useActionState } from "react";
import { idleFormState, type FormState } from "@/lib/forms/form-state";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";

/**
 * One external provider's button: signs in with it, or links it, through a server action that
 * sends the browser to the provider. A refusal (provider not configured) is shown in place.
 */
export function ProviderButton({
  action,
  provider,
  label,
  callbackUrl,
  variant = "secondary",
  className,
}: {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  provider: string;
  label: string;
  callbackUrl?: string;
  variant?: "primary" | "secondary";
  className?: string;
}) {
  const [state, formAction] = useActionState(action, idleFormState);
  return (
    <form action={formAction} className="space-y-2">
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="provider" value={provider} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <SubmitButton variant={variant} pendingLabel="Redirecting…" className={className}>
        {label}
      </SubmitButton>
    </form>
  );
}
