"use client";

import type { FormState } from "@/lib/forms/form-state";
import { ConfirmAction } from "@/components/ui/confirm-action";

/** Tells the token panel that a token went away, so a secret shown for it does not linger. */
export const TOKEN_REVOKED_EVENT = "gatehouse:token-revoked";

export function RevokeTokenButton({
  action,
  tokenId,
  name,
}: {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  tokenId: string;
  name: string;
}) {
  return (
    <ConfirmAction
      action={action}
      fields={{ tokenId }}
      triggerLabel="Revoke"
      triggerVariant="danger-ghost"
      title={`Revoke “${name}”?`}
      description={<p>Anything using this token loses access at once. This cannot be undone.</p>}
      confirmLabel="Revoke token"
      pendingLabel="Revoking…"
      danger
      onSuccess={() => window.dispatchEvent(new CustomEvent(TOKEN_REVOKED_EVENT, { detail: tokenId }))}
    />
  );
}
