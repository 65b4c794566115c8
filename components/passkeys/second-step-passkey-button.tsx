"use client";

import { useActionState, useRef, useState } from "react";
import { secondStepAction } from "@/lib/actions/second-factor";
import { idleFormState } from "@/lib/forms/form-state";
import { runCeremony } from "@/components/passkeys/ceremony";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** The second step with a passkey of the person signing in, instead of a code. */
export function SecondStepPasskeyButton({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(secondStepAction, idleFormState);
  const [problem, setProblem] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const passkey = useRef<HTMLInputElement>(null);
  const message = problem ?? (state.status === "error" ? state.message : null);
  return (
    <form ref={form} action={formAction} className="space-y-3" data-form="second-step-passkey">
      {message ? <Alert tone="error">{message}</Alert> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <input ref={passkey} type="hidden" name="passkey" />
      <Button
        type="button"
        variant="secondary"
        className="w-full"
        disabled={asking || pending}
        onClick={async () => {
          setProblem(null);
          setAsking(true);
          const result = await runCeremony("second-step");
          setAsking(false);
          if (!result.ok) return setProblem(result.message);
          passkey.current!.value = JSON.stringify({ challengeId: result.challengeId, response: result.response });
          form.current!.requestSubmit();
        }}
      >
        {asking || pending ? "Waiting for your passkey…" : "Use a passkey"}
      </Button>
    </form>
  );
}
