import { z } from "zod";
import { textInput } from "@/lib/validation/text";

/** What a browser asks passkey options for. */
export const optionsRequestSchema = z.object({
  purpose: z.enum(["register", "sign-in", "second-step", "confirm"], {
    error: "purpose must be register, sign-in, second-step or confirm.",
  }),
  // Adding a passkey may bring the confirmation of who the person is (lib/auth/session/fresh-authentication.ts).
  confirmPassword: z.string().max(256).optional(),
  confirmCode: z.string().max(64).optional(),
});

/** A credential id as WebAuthn gives it: base64url, nothing else (it is looked up in the database). */
export const CREDENTIAL_ID = /^[A-Za-z0-9_-]{1,1024}$/;

/** A signed WebAuthn answer as a form carries it: the challenge it answers and the browser's JSON. */
const ceremonyFields = {
  challengeId: z
    .string({ error: "The passkey request is missing." })
    .regex(/^[a-z0-9]{20,40}$/, "That passkey request is not valid."),
  response: textInput("That passkey answer is not valid.")
    .min(2, "The passkey answer is missing.")
    .max(16_384, "That passkey answer is too large."),
};

export const registerPasskeySchema = z.object({
  ...ceremonyFields,
  name: textInput("A passkey name cannot contain control characters.", {
    shownAsName: "A passkey name cannot contain direction-changing characters.",
  })
    .trim()
    .min(1, "Give the passkey a name, like “Work laptop”.")
    .max(60, "Keep the name under 60 characters."),
});

export const passkeySignInSchema = z.object({ ...ceremonyFields, callbackUrl: z.string().max(2048).optional() });

export const removePasskeySchema = z.object({
  passkeyId: z.string({ error: "Missing passkey." }).regex(CREDENTIAL_ID, "That passkey id is not valid."),
});
