import { z } from "zod";
import { safeCallbackPath } from "@/lib/auth/edge/redirects";
import { textInput } from "@/lib/validation/text";

// The provider named by a form: one of the ids Auth.js knows. Whether it is configured right now
// is checked by the action, which can then say so in words.
export const providerField = textInput("That is not a sign-in provider.", { typeError: "Choose a sign-in provider." })
  .trim()
  .min(1, "Choose a sign-in provider.")
  .max(40, "That is not a sign-in provider.");

export const providerSignInSchema = z.object({
  provider: providerField,
  callbackUrl: z.unknown().transform((raw) => safeCallbackPath(raw)),
});

export const providerSchema = z.object({ provider: providerField });
