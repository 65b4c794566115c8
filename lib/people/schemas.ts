import { z } from "zod";
import { roleNameInput } from "@/lib/roles/schemas";
import { idInput, textInput } from "@/lib/validation/text";

const personId = idInput("Missing person id.", "That person id is not valid.");

export const changeRoleSchema = z.object({
  personId,
  role: roleNameInput(),
});

export const setDisabledSchema = z.object({
  personId,
  disabled: z
    .enum(["true", "false"], { error: "Say whether to disable or enable." })
    .transform((value) => value === "true"),
});

// A checkbox: present ("on") when ticked. A stolen session may have minted API tokens, so the form
// ticks "also revoke API tokens" by default.
export const endSessionsSchema = z.object({
  personId,
  revokeTokens: z
    .literal("on")
    .optional()
    .transform((value) => value === "on"),
});

export const PERSON_STATUSES = ["active", "disabled"] as const;
export const PEOPLE_SORTS = ["newest", "oldest"] as const;

// Query-string filters: anything unrecognised falls back to "no filter" rather than an error page.
export const peopleFiltersSchema = z.object({
  q: textInput("The search cannot contain control characters.")
    .trim()
    .toLowerCase()
    .max(254)
    .optional()
    .catch(undefined)
    .transform((value) => value || undefined),
  role: roleNameInput().optional().catch(undefined),
  status: z.enum(PERSON_STATUSES).optional().catch(undefined),
  sort: z.enum(PEOPLE_SORTS).catch("newest").default("newest"),
  cursor: z.string().max(200).optional().catch(undefined),
  before: z.string().max(200).optional().catch(undefined),
  // Which page this is, for "Showing 26–50"; carried along by the pager's links.
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
});

export type PeopleFilters = z.output<typeof peopleFiltersSchema>;

export const renameSchema = z.object({
  name: textInput("Your name cannot contain control characters.", {
    shownAsName: "Your name cannot contain direction-changing characters.",
  })
    .trim()
    .max(100, "Use at most 100 characters.")
    .optional()
    .transform((name) => name || null),
});

export const deleteAccountSchema = z.object({
  currentPassword: z.string().max(256, "Your current password is not right.").optional(),
  confirm: z
    .string({ error: "Type “delete my account” to confirm." })
    .trim()
    .toLowerCase()
    .pipe(z.literal("delete my account", { error: "Type “delete my account” to confirm." })),
});

export const endPersonSessionSchema = z.object({ personId, sid: z.uuid({ error: "That session is not valid." }) });

export const personIdSchema = z.object({ personId });
