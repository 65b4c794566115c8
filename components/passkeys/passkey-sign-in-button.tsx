"use client";

import { useActionState, useRef, useState } from "react";
import { passkeySignInAction } from "@/lib/actions/passkeys";
import { idleFormState } from "@/lib/forms/form-state";
import { runCeremony } from "@/components/passkeys/ceremony";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** "Continue with a passkey": no email to type; the device offers the passkeys it holds for Gatehouse. */
export function PasskeySignInButton({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(passkeySignInAction, idleFormState);
  const [problem, setProblem] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const message = problem ?? (state.status === "error" ? state.message : null);
  return (
    <form ref={form} action={formAction} className="space-y-3">
      {message ? <Alert tone="error">{message}</Alert> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <input type="hidden" name="challengeId" />
      <input type="hidden" name="response" />
      <Button
        type="button"
        variant="secondary"
        className="w-full"
        disabled={asking || pending}
        onClick={async () => {
          setProblem(null);
          setAsking(true);
          const result = await runCeremony("sign-in");
          setAsking(false);
          if (!result.ok) return setProblem(result.message);
          const fields = form.current!.elements;
          (fields.namedItem("challengeId") as HTMLInputElement).value = result.challengeId;
          (fields.namedItem("response") as HTMLInputElement).value = result.response;
          form.current!.requestSubmit();
        }}
      >
        {asking || pending ? "Waiting for your passkey…" : "Continue with a passkey"}
      </Button>
    </form>
  );
}
