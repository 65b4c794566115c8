"use server";

import { revalidatePath } from "next/cache";
import { guardAction } from "@/lib/auth/guards/action";
import { createRole, deleteRole, updateRole, type RoleResult } from "@/lib/roles/commands";
import { createRoleSchema, deleteRoleSchema, updateRoleSchema } from "@/lib/roles/schemas";
import type { FormState } from "@/lib/forms/form-state";

// Admin → Roles. Defining what a role carries is handing powers on, so each needs a recent
// authentication, like changing a person's role.
const FRESH = { freshAuthentication: true };

function toFormState(result: RoleResult): FormState {
  // Role names and labels show across the panel (people's badges, the role selects, Security).
  revalidatePath("/admin", "layout");
  return { status: result.ok ? "success" : "error", message: result.message };
}

export const createRoleAction = guardAction(
  "manage-roles",
  createRoleSchema,
  async (input, actor) => toFormState(await createRole(actor, input)),
  FRESH,
);

export const updateRoleAction = guardAction(
  "manage-roles",
  updateRoleSchema,
  async (input, actor) => toFormState(await updateRole(actor, input)),
  FRESH,
);

export const deleteRoleAction = guardAction(
  "manage-roles",
  deleteRoleSchema,
  async ({ name, moveTo }, actor) => toFormState(await deleteRole(actor, name, moveTo)),
  FRESH,
);
