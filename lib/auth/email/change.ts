import "server-only";
import { recordAudit, recordAuditIn } from "@/lib/audit/record";
import {
  createEmailLink,
  latestEmailLink,
  markLinkMailFailed,
  peekEmailLink,
  consumeEmailLink,
  endEmailLinks,
  type LinkProblem,
} from "@/lib/auth/email/links";
import { endAccess } from "@/lib/auth/end-access";
import { confirmIdentity } from "@/lib/auth/session/confirm-identity";
import { serializable } from "@/lib/db-transaction";
import { afterResponse } from "@/lib/http/after-response";
import { tryDeliver } from "@/lib/mail/deliver";
import { confirmNewEmailMail, emailChangedMail } from "@/lib/mail/messages";
import { emailTakenByOther, findAccountHolder, setEmail } from "@/lib/people/queries";

// Changing one's address. The new address must be proven by a link sent to it; until then sign-in
// keeps using the old one. Once it changes, the old address is told, with a link that undoes the
// change for 7 days (and ends every session: whoever changed it is signed out). An address someone
// else has gets the same answer as a free one (no mail goes to it, and confirming would fail).

type Person = { id: string; email: string; authenticatedAt: Date };

export type ChangeRequest = { ok: true } | { ok: false; message: string; field?: "email" | "currentPassword" };

export async function requestEmailChange(
  person: Person,
  email: string,
  currentPassword: string | undefined,
): Promise<ChangeRequest> {
  if (email === person.email) return { ok: false, message: "That is already your address.", field: "email" };
  const identity = await confirmIdentity(person, currentPassword);
  if (!identity.ok) return identity;
  // The link is made for taken and free addresses alike, so the settings page shows the same.
  const link = await createEmailLink({
    personId: person.id,
    purpose: "change-email",
    email,
    previousEmail: person.email,
  });
  await recordAudit({ action: "email.change_requested", actor: person, target: person, after: { email } });
  afterResponse(async () => {
    if (await emailTakenByOther(email, person.id)) return;
    if (!(await tryDeliver(confirmNewEmailMail(email, link.token)))) await markLinkMailFailed(link.id);
  });
  return { ok: true };
}

/** The change waiting for its confirmation, if any: shown in settings. */
export async function pendingEmailChange(personId: string) {
  const link = await latestEmailLink(personId, "change-email");
  if (!link || link.usedAt || link.expiresAt.getTime() <= Date.now()) return null;
  return { email: link.email, mailFailed: Boolean(link.mailFailedAt), sentAt: link.createdAt };
}

/** Withdraws a change waiting for confirmation: its link stops working. */
export async function cancelEmailChange(personId: string): Promise<void> {
  await endEmailLinks(personId, "change-email");
}

export type ChangeProblem = LinkProblem | "taken" | "someone-else";

export async function emailChangeLinkState(token: unknown, purpose: "change-email" | "undo-email-change") {
  const link = await peekEmailLink(token, purpose);
  return typeof link === "string" ? link : { email: link.email, previousEmail: link.previousEmail ?? "" };
}

/** Follows the link sent to the new address: the account's address becomes it. */
export async function confirmEmailChange(
  token: unknown,
  signedInId: string | null,
): Promise<{ email: string } | ChangeProblem> {
  const peeked = await peekEmailLink(token, "change-email");
  if (typeof peeked === "string") return peeked;
  if (signedInId && signedInId !== peeked.personId) return "someone-else";
  const result = await serializable(async (tx) => {
    const link = await consumeEmailLink(token, "change-email", tx);
    if (typeof link === "string") return link;
    const person = await findAccountHolder(link.personId, tx);
    // A link from before another change (or for a disabled account) no longer applies.
    if (!person || person.disabledAt || person.email !== link.previousEmail) return "invalid" as const;
    if (await emailTakenByOther(link.email, person.id, tx)) return "taken" as const;
    await setEmail(tx, person.id, link.email);
    const undo = await createEmailLink(
      { personId: person.id, purpose: "undo-email-change", email: link.email, previousEmail: person.email },
      tx,
    );
    await recordAuditIn(tx, {
      action: "email.changed",
      actor: { id: person.id, email: link.email },
      target: { id: person.id, email: link.email },
      before: { email: person.email },
      after: { email: link.email },
    });
    return { email: link.email, previous: person.email, undoToken: undo.token };
  });
  if (typeof result === "string") return result;
  afterResponse(async () => {
    await tryDeliver(emailChangedMail(result.previous, result.email, result.undoToken));
  });
  return { email: result.email };
}

/**
 * Follows the undo link sent to the old address: the old address comes back, and every session, API
 * token, app's access and pending link ends (whoever made the change may hold any of them).
 */
export async function undoEmailChange(token: unknown): Promise<{ email: string } | ChangeProblem> {
  return serializable(async (tx) => {
    const link = await consumeEmailLink(token, "undo-email-change", tx);
    if (typeof link === "string") return link;
    const person = await findAccountHolder(link.personId, tx);
    if (!person || person.email !== link.email || !link.previousEmail) return "invalid" as const;
    if (await emailTakenByOther(link.previousEmail, person.id, tx)) return "taken" as const;
    await setEmail(tx, person.id, link.previousEmail);
    const ended = await endAccess(tx, person.id, { apiAccess: true });
    await recordAuditIn(tx, {
      action: "email.change_undone",
      actor: { id: person.id, email: link.previousEmail },
      target: { id: person.id, email: link.previousEmail },
      before: { email: link.email },
      after: { email: link.previousEmail, tokensRevoked: ended.tokens, appsRevoked: ended.grants },
    });
    return { email: link.previousEmail };
  });
}
