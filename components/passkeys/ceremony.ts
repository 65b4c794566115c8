"use client";

import { WebAuthnError, startAuthentication, startRegistration } from "@simplewebauthn/browser";

// The browser's half of a passkey ceremony: options from POST /api/passkeys/options, then the
// device. Returns the signed answer as one JSON field for a form, or a sentence to show.

type Purpose = "register" | "sign-in" | "second-step" | "confirm";
export type CeremonyResult =
  | { ok: true; challengeId: string; response: string }
  | { ok: false; message: string; confirmWith?: { password: boolean; code: boolean; passkey: boolean } };

function problem(error: unknown): string {
  if (error instanceof WebAuthnError && error.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED")
    return "This device already has a passkey for your account.";
  if (error instanceof Error && error.name === "NotAllowedError")
    return "The passkey was cancelled or timed out. Try again when you are ready.";
  return "This browser or device could not use a passkey. Try again, or use another way.";
}

export async function runCeremony(
  purpose: Purpose,
  confirmation: Record<string, string> = {},
): Promise<CeremonyResult> {
  let answer: Response;
  try {
    answer = await fetch("/api/passkeys/options", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ purpose, ...confirmation }),
    });
  } catch {
    return { ok: false, message: "Gatehouse could not be reached. Check your connection and try again." };
  }
  const body = (await answer.json().catch(() => null)) as {
    challengeId?: string;
    options?: string;
    message?: string;
    confirmWith?: { password: boolean; code: boolean; passkey: boolean };
  } | null;
  if (!answer.ok || !body?.challengeId || !body.options)
    return {
      ok: false,
      message: body?.message ?? "Passkeys are not available right now. Try again.",
      confirmWith: body?.confirmWith,
    };
  try {
    const optionsJSON = JSON.parse(body.options);
    const response =
      purpose === "register" ? await startRegistration({ optionsJSON }) : await startAuthentication({ optionsJSON });
    return { ok: true, challengeId: body.challengeId, response: JSON.stringify(response) };
  } catch (error) {
    return { ok: false, message: problem(error) };
  }
}
