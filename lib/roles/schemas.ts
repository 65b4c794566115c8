import { z } from "zod";
import {
  CAPABILITIES,
  ROLE_NAME_PATTERN,
  RESERVED_ROLE_NAMES,
  isBuiltInRole,
  isCapability,
  isCustomRoleName,
  type Capability,
} from "@/lib/auth/policy";
import { textInput } from "@/lib/validation/text";

// What Admin → Roles' forms send. Whether the actor may hand on what a role carries is the
// command's question (lib/roles/commands.ts), asked in its transaction.

/** A role a person or an app is given: a built-in or custom role's name (whether it exists is the command's). */
export function roleNameInput() {
  return z
    .string({ error: "Choose a role." })
    .min(1, "Choose a role.")
    .refine((value) => isBuiltInRole(value) || isCustomRoleName(value), "That is not a role Gatehouse knows.");
}

const label = textInput("The name cannot contain control characters.", {
  shownAsName: "The name cannot contain characters that change the direction of text.",
})
  .trim()
  .min(1, "Give the role a name people read, such as “Support”.")
  .max(40, "Keep the name to 40 characters.");

const description = textInput("The description cannot contain control characters.", {
  shownAsName: "The description cannot contain characters that change the direction of text.",
})
  .trim()
  .max(300, "Keep the description to 300 characters.");

// Ticked boxes arrive comma-joined; "read" is every role's, ticked or not.
const capabilities = z
  .string()
  .optional()
  .transform((value) => (value ?? "").split(",").filter(Boolean))
  .pipe(z.array(z.string().refine(isCapability, "That is not a capability Gatehouse knows.")))
  .transform((names) => CAPABILITIES.filter((capability) => capability === "read" || names.includes(capability)));

export const createRoleSchema = z.object({
  name: z
    .string({ error: "Give the role a short name." })
    .trim()
    .toLowerCase()
    .min(1, "Give the role a short name, such as support.")
    .refine(
      (value) => ROLE_NAME_PATTERN.test(value),
      "2 to 30 characters: lowercase letters, digits and dashes, starting with a letter.",
    )
    .refine((value) => !RESERVED_ROLE_NAMES.includes(value), "That name is taken by a built-in role."),
  label,
  description,
  capabilities,
});

export const updateRoleSchema = z.object({
  name: z.string().refine(isCustomRoleName, "Only a custom role can be changed."),
  label,
  description,
  capabilities,
});

export const deleteRoleSchema = z.object({
  name: z.string().refine(isCustomRoleName, "Only a custom role can be deleted."),
  // Where its holders go; "user" unless the admin chooses.
  moveTo: roleNameInput().default("user"),
});

export type RoleInput = { name: string; label: string; description: string; capabilities: Capability[] };
