import "server-only";
import { z } from "zod";
import { AccessError, requireCapability, type CurrentPerson } from "@/lib/auth/session/current-person";
import { READ_ONLY_WHILE_VIEWING_AS, type Capability } from "@/lib/auth/policy";
import { recordViewedRequest } from "@/lib/impersonation/commands";
import { requireFreshAuthentication } from "@/lib/auth/session/fresh-authentication";
import { echoableValues, formValues, invalidFields, type FormState } from "@/lib/forms/form-state";

/**
 * The one way to write a server action: resolve the current person from the database, check the
 * capability through the policy, parse the form with zod, and only then run `body`. Server actions
 * are public HTTP endpoints, so none of this can live only in the UI. `capability` null admits any
 * signed-in person, also one whose address is not confirmed yet (resending the confirmation) or who
 * must set up a second factor first. `freshAuthentication` marks a dangerous action: it needs a
 * recent sign-in or confirmation (lib/auth/session/fresh-authentication.ts). While someone views as
 * another person ("View as") every action is refused, unless `whileViewingAs` (stopping it).
 */
export function guardAction<Schema extends z.ZodType<unknown, Record<string, unknown>>>(
  capability: Capability | null,
  schema: Schema,
  body: (input: z.output<Schema>, person: CurrentPerson) => Promise<FormState>,
  options: { freshAuthentication?: boolean; whileViewingAs?: boolean } = {},
) {
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const values = formValues(formData);
    let person: CurrentPerson;
    try {
      person = await requireCapability(capability);
    } catch (error) {
      if (error instanceof AccessError)
        return { status: "error", message: error.message, values: echoableValues(values) };
      throw error;
    }
    // "View as" is read-only: no action runs while it lasts, but the one that stops it.
    if (person.viewer && !options.whileViewingAs) {
      await recordViewedRequest(person.viewer, person, person.viewer.viewing, { path: "an action", refused: true });
      return { status: "error", message: READ_ONLY_WHILE_VIEWING_AS, values: echoableValues(values) };
    }
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      return invalidFields(parsed.error, values);
    }
    if (options.freshAuthentication) {
      const refusal = await requireFreshAuthentication(person, values);
      if (refusal) return { ...refusal, values: echoableValues(values) };
    }
    return body(parsed.data, person);
  };
}
