import { z } from "zod";

// The shape every form's server action returns, so one set of components can show it.
export type FormState = {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Partial<Record<string, string[]>>;
  /** What the person typed (never passwords), so a rejected form keeps their work. */
  values?: Record<string, string>;
  /** A secret to show exactly once (a new API token). */
  secret?: string;
  /**
   * The action needs a recent authentication: the form shows these ways to confirm and is sent again
   * (lib/auth/session/fresh-authentication.ts).
   */
  confirmWith?: { password: boolean; code: boolean; passkey: boolean };
  /** New recovery codes, shown exactly once. */
  recoveryCodes?: string[];
  /** The id of what was just created, so the page can point it out. */
  createdId?: string;
};

export const idleFormState: FormState = { status: "idle" };

const NEVER_ECHOED = new Set([
  "password",
  "confirmPassword",
  "currentPassword",
  "token",
  "code",
  "confirmCode",
  "confirmPasskey",
  "response",
  "passkey",
]);

/** Text fields of a submission. Anything that is not FormData (a direct call with junk) yields {}. */
export function formValues(formData: unknown): Record<string, string> {
  if (!(formData instanceof FormData)) return {};
  // Own keys only: with a plain object, a field named "toString" or "constructor" would find the
  // inherited function and be joined onto it as if it had been sent twice.
  const values = new Map<string, string>();
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string" || key.startsWith("$ACTION")) continue;
    // A repeated name (a group of checkboxes) arrives comma-joined; schemas split it.
    const earlier = values.get(key);
    values.set(key, earlier === undefined ? value : `${earlier},${value}`);
  }
  return Object.fromEntries(values);
}

export function echoableValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !NEVER_ECHOED.has(key)));
}

/** The answer to a submission that failed its schema: each field's problems, and what was typed. */
export function invalidFields(error: z.ZodError, values: Record<string, string>): FormState {
  return {
    status: "error",
    message: "Please fix the highlighted fields.",
    fieldErrors: z.flattenError(error).fieldErrors as FormState["fieldErrors"],
    values: echoableValues(values),
  };
}
