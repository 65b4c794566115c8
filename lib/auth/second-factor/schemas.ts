import { z } from "zod";
import { isBuiltInRole, isCustomRoleName } from "@/lib/auth/policy";

/** A code as typed: six digits from the app or a recovery code; each check decides which. */
export const codeSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, "Enter the code from your authenticator app.")
    .max(64, "That is not a code from an authenticator app or a recovery code."),
});

const roleNames = z
  .string()
  .optional()
  .transform((value) => [
    ...new Set(
      (value ?? "")
        .split(",")
        .map((role) => role.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z.array(
      z.string().refine((role) => isBuiltInRole(role) || isCustomRoleName(role), {
        error: "That is not a role Gatehouse knows.",
      }),
    ),
  );

/**
 * The roles an admin ticks as needing a second factor (none ticked is allowed, and says so), out
 * of the roles the form showed (`shown`), ticked as they were when it was shown (`was`): only what
 * the admin changed is saved, so a role made since, or changed by another admin meanwhile, keeps
 * its state. A client that sends neither sets every role as ticked.
 */
export const secondFactorRolesSchema = z.object({
  roles: roleNames,
  shown: roleNames,
  was: roleNames.optional().transform((value) => value ?? null),
});
