"use server";

import { revalidatePath } from "next/cache";
import { changeRole, endSessions, setDisabled, type CommandResult } from "@/lib/admin/commands";
import { changeRoleSchema, endSessionsSchema, setDisabledSchema } from "@/lib/admin/schemas";
import { authorizedAction } from "@/lib/actions/authorized-action";
import type { FormState } from "@/lib/forms/form-state";

function toFormState(result: CommandResult): FormState {
  revalidatePath("/admin", "layout");
  return { status: result.ok ? "success" : "error", message: result.message };
}

export const changeRoleAction = authorizedAction("manage", changeRoleSchema, async ({ userId, role }, actor) =>
  toFormState(await changeRole(actor, userId, role)),
);

export const setDisabledAction = authorizedAction("manage", setDisabledSchema, async ({ userId, disabled }, actor) =>
  toFormState(await setDisabled(actor, userId, disabled)),
);

export const endSessionsAction = authorizedAction("manage", endSessionsSchema, async ({ userId, revokeTokens }, actor) =>
  toFormState(await endSessions(actor, userId, { revokeTokens })),
);
