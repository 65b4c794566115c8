import { z } from "zod";
import { scopesField } from "@/lib/auth/scopes-field";
import { idInput, textInput } from "@/lib/validation/text";

export const EXPIRY_CHOICES = ["7", "30", "90", "365", "never"] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];
export const DEFAULT_EXPIRY: ExpiryChoice = "30";

export const createTokenSchema = z.object({
  name: textInput("The name cannot contain control characters.", {
    typeError: "Give the token a name.",
    shownAsName: "The name cannot contain direction-changing characters.",
  })
    .trim()
    .min(1, "Give the token a name.")
    .max(100, "Keep the name under 100 characters."),
  expiresIn: z.enum(EXPIRY_CHOICES, { error: "Choose when the token expires." }).default(DEFAULT_EXPIRY),
  scopes: scopesField(),
});

export const revokeTokenSchema = z.object({
  tokenId: idInput("Missing token id.", "That token id is not valid."),
});
