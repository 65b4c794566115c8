import { z } from "zod";
import { SCOPE_NAMES, type Scope } from "@/lib/auth/policy";

/**
 * The API scopes a form ticked (components/ui/scope-checkboxes.tsx): FormData repeats a checkbox
 * name once per ticked box, and formValues keeps them comma-joined. At least one, each one known.
 */
export function scopesField() {
  return z
    .string({ error: "Choose at least one scope." })
    .transform((value) => [
      ...new Set(
        value
          .split(",")
          .map((scope) => scope.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.enum(SCOPE_NAMES as [Scope, ...Scope[]], { error: "That is not a scope Gatehouse knows." }))
        .min(1, "Choose at least one scope."),
    );
}
