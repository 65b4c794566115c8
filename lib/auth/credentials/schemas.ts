import { z } from "zod";
import { isCommonPassword } from "@/lib/auth/credentials/common-passwords";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/credentials/limits";
import { textInput } from "@/lib/validation/text";

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const newPasswordSchema = textInput("A password cannot contain control characters.", {
  typeError: "Choose a password.",
})
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`)
  .refine(
    (password) => !isCommonPassword(password),
    "That password is too common. Choose one that is harder to guess.",
  );

export const signUpSchema = z.object({
  name: textInput("Your name cannot contain control characters.", {
    shownAsName: "Your name cannot contain direction-changing characters.",
  })
    .trim()
    .max(100, "Use at most 100 characters.")
    .optional()
    .transform((name) => (name ? name : undefined)),
  email: emailSchema,
  password: newPasswordSchema,
});

// Sign-in does not apply the new-password rules: an old password must still work, and telling
// someone "too short" would leak nothing useful but would be a second error path to keep identical.
/** Every failed password sign-in says this, whatever failed: nothing tells a registered address apart. */
export const SIGN_IN_FAILED = "Email or password is incorrect.";

export const signInSchema = z.object({
  email: emailSchema,
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(PASSWORD_MAX_LENGTH, SIGN_IN_FAILED),
});

/** The secret of a link from a mail: checked for shape before any lookup (lib/auth/email/links.ts). */
export const linkTokenSchema = z
  .string({ error: "This link is incomplete. Open it from the mail again." })
  .max(100, "This link is not valid.");

export const forgotPasswordSchema = z.object({ email: emailSchema });

const currentPassword = z
  .string({ error: "Enter your current password." })
  .min(1, "Enter your current password.")
  .max(PASSWORD_MAX_LENGTH, "Your current password is not right.");

// A checkbox: present ("on") when ticked; the form ticks it by default.
const checkbox = z
  .literal("on")
  .optional()
  .transform((value) => value === "on");

export const resetPasswordSchema = z.object({
  token: linkTokenSchema,
  password: newPasswordSchema,
  revokeApiAccess: checkbox,
});

export const changePasswordSchema = z.object({
  currentPassword,
  password: newPasswordSchema,
  signOutOthers: checkbox,
  revokeApiAccess: checkbox,
});

/** For changes that ask who you are again: the current password, absent for a provider-only account. */
export const identityProofSchema = z.object({ currentPassword: currentPassword.optional() });

export const changeEmailSchema = identityProofSchema.extend({ email: emailSchema });
