"use server";

import { revalidatePath } from "next/cache";
import { changeRole, endSessions, setDisabled, type CommandResult } from "@/lib/people/commands";
import { changeRoleSchema, endSessionsSchema, setDisabledSchema } from "@/lib/people/schemas";
import { guardAction } from "@/lib/auth/guards/action";
import type { FormState } from "@/lib/forms/form-state";

function toFormState(result: CommandResult): FormState {
  revalidatePath("/admin", "layout");
  return { status: result.ok ? "success" : "error", message: result.message };
}

export const changeRoleAction = guardAction("manage", changeRoleSchema, async ({ personId, role }, actor) =>
  toFormState(await changeRole(actor, personId, role)),
);

export const setDisabledAction = guardAction("manage", setDisabledSchema, async ({ personId, disabled }, actor) =>
  toFormState(await setDisabled(actor, personId, disabled)),
);

export const endSessionsAction = guardAction("manage", endSessionsSchema, async ({ personId, revokeTokens }, actor) =>
  toFormState(await endSessions(actor, personId, { revokeTokens })),
);
