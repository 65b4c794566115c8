"use server";

import { revalidatePath } from "next/cache";
import { changeRole, endSessions, refusalToActOnPerson, setDisabled, type CommandResult } from "@/lib/people/commands";
import {
  changeRoleSchema,
  endPersonSessionSchema,
  endSessionsSchema,
  personIdSchema,
  setDisabledSchema,
} from "@/lib/people/schemas";
import { recordAudit } from "@/lib/audit/record";
import { summariseUserAgent } from "@/lib/audit/describe";
import { sendResetLink } from "@/lib/auth/credentials/recovery";
import { sendVerification } from "@/lib/auth/email/verification";
import { endOneSession } from "@/lib/auth/session/sessions";
import { findPerson } from "@/lib/people/queries";
import { guardAction } from "@/lib/auth/guards/action";
import type { FormState } from "@/lib/forms/form-state";

// Changing what someone may do, or cutting them off, needs a recent authentication (sudo mode).
const FRESH = { freshAuthentication: true };

function toFormState(result: CommandResult): FormState {
  revalidatePath("/admin", "layout");
  return { status: result.ok ? "success" : "error", message: result.message };
}

export const changeRoleAction = guardAction(
  "change-roles",
  changeRoleSchema,
  async ({ personId, role }, actor) => toFormState(await changeRole(actor, personId, role)),
  FRESH,
);

export const setDisabledAction = guardAction(
  "manage-access",
  setDisabledSchema,
  async ({ personId, disabled }, actor) => toFormState(await setDisabled(actor, personId, disabled)),
  FRESH,
);

export const endSessionsAction = guardAction(
  "manage-access",
  endSessionsSchema,
  async ({ personId, revokeTokens }, actor) => toFormState(await endSessions(actor, personId, { revokeTokens })),
  FRESH,
);

export const endPersonSessionAction = guardAction(
  "manage-access",
  endPersonSessionSchema,
  async ({ personId, sid }, actor) => {
    const target = await findPerson(personId);
    if (!target) return { status: "error", message: "That person no longer exists." };
    const refusal = await refusalToActOnPerson(actor, target);
    if (refusal) return { status: "error", message: refusal };
    const ended = await endOneSession(personId, sid);
    if (!ended) return { status: "error", message: "That session has already ended." };
    const where = summariseUserAgent(ended.userAgent) ?? "an unknown browser";
    await recordAudit({ action: "session.ended", actor, target, after: { count: 1, where } });
    revalidatePath(`/admin/users/${personId}`);
    return { status: "success", message: `The session of ${target.email} on ${where} has ended.` };
  },
  FRESH,
);

/** A new confirmation link for someone whose mail went missing; admins never see the link. */
export const resendVerificationForAction = guardAction("manage-access", personIdSchema, async ({ personId }, actor) => {
  const target = await findPerson(personId);
  if (!target) return { status: "error", message: "That person no longer exists." };
  const refusal = await refusalToActOnPerson(actor, target);
  if (refusal) return { status: "error", message: refusal };
  if (target.emailVerified) return { status: "error", message: `${target.email} is already confirmed.` };
  const sent = await sendVerification(target, { sentBy: actor });
  revalidatePath(`/admin/users/${personId}`);
  return sent
    ? { status: "success", message: `A new confirmation link is on its way to ${target.email}.` }
    : { status: "error", message: `The mail to ${target.email} could not be sent. Try again in a minute.` };
});

/** A reset link to the person's own address: admins never set or see passwords. */
export const sendResetLinkForAction = guardAction("manage-access", personIdSchema, async ({ personId }, actor) => {
  const target = await findPerson(personId);
  if (!target) return { status: "error", message: "That person no longer exists." };
  const refusal = await refusalToActOnPerson(actor, target);
  if (refusal) return { status: "error", message: refusal };
  if (target.disabledAt) return { status: "error", message: `${target.email} is disabled; enable them first.` };
  const sent = await sendResetLink(target, { sentBy: actor });
  return sent
    ? { status: "success", message: `A password reset link is on its way to ${target.email}. It works for 30 minutes.` }
    : { status: "error", message: `The mail to ${target.email} could not be sent. Try again in a minute.` };
});
