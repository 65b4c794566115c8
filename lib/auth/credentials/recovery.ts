import "server-only";
import { recordAuditIn } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/credentials/hashing";
import { endAccess } from "@/lib/auth/end-access";
import { peekEmailLink, consumeEmailLink, type LinkProblem } from "@/lib/auth/email/links";
import { serializable } from "@/lib/db-transaction";
import { afterResponse } from "@/lib/http/after-response";
import { addressBucket } from "@/lib/http/client-address";
import { requestContext, type RequestContext } from "@/lib/http/request-context";
import { mailLink } from "@/lib/auth/email/link-mail";
import { resetPasswordMail } from "@/lib/mail/messages";
import { confirmEmailOf, findAccountHolder, findPersonByEmail, setPasswordHash } from "@/lib/people/queries";
import { takeAttempt, type ThrottleResult } from "@/lib/rate-limit/throttle";

// Forgotten passwords. Asking for a link answers the same for every address, in the same time: the
// throttle is counted for any address, and whether it belongs to anyone is looked up only after the
// response has gone out. The link (30 minutes, single use, the newest one only) lets its holder set
// a password, which ends every session of the account and signs them in afresh.

type Person = { id: string; email: string };
const HOUR_MS = 3600_000;

/** 5 requests per address and 20 per network an hour, registered or not. */
export function takeResetAttempt(email: string, ip: string | null): Promise<ThrottleResult> {
  return takeAttempt([
    { key: `reset:email:${email}`, limit: 5, windowMs: HOUR_MS },
    { key: `reset:network:${addressBucket(ip)}`, limit: 20, windowMs: HOUR_MS },
  ]);
}

/** Mails a reset link to the person; false when the mail could not be sent. */
export async function sendResetLink(
  person: Person,
  { sentBy, context }: { sentBy?: Person; context?: RequestContext } = {},
): Promise<boolean> {
  return mailLink(
    person,
    { purpose: "reset-password", mail: resetPasswordMail, action: "password.reset_requested" },
    { sentBy, context },
  );
}

/** After the response: a link for the address's owner, if there is one and they may sign in. */
export async function requestPasswordReset(email: string): Promise<void> {
  const context = await requestContext();
  afterResponse(async () => {
    const person = await findPersonByEmail(email);
    if (!person || person.disabledAt) return;
    await sendResetLink(person, { context });
  });
}

/** Whether a reset link can still be used, to show its form or a page offering a new one. */
export async function resetLinkState(token: unknown): Promise<{ email: string } | LinkProblem> {
  const link = await peekEmailLink(token, "reset-password");
  return typeof link === "string" ? link : { email: link.email };
}

/**
 * Sets the new password through a link: the link is used up, every session of the account ends
 * (and its API access, when the person leaves that ticked), and holding the link proves the address too.
 */
export async function resetPassword(
  token: unknown,
  password: string,
  { revokeApiAccess }: { revokeApiAccess: boolean },
): Promise<{ email: string } | LinkProblem> {
  const state = await resetLinkState(token);
  if (typeof state === "string") return state;
  // Hashed before the transaction, which must stay short; a link found invalid meanwhile wastes one hash.
  const passwordHash = await hashPassword(password);
  return serializable(async (tx) => {
    const link = await consumeEmailLink(token, "reset-password", tx);
    if (typeof link === "string") return link;
    const person = await findAccountHolder(link.personId, tx);
    if (!person || person.disabledAt || person.email !== link.email) return "invalid" as const;
    await setPasswordHash(tx, person.id, passwordHash);
    if (!person.emailVerified) await confirmEmailOf(tx, person.id);
    const ended = await endAccess(tx, person.id, { apiAccess: revokeApiAccess });
    await recordAuditIn(tx, {
      action: "password.reset_completed",
      actor: person,
      target: person,
      after: {
        sessionsEnded: ended.sessions,
        ...(revokeApiAccess ? { tokensRevoked: ended.tokens, appsRevoked: ended.grants } : {}),
      },
    });
    return { email: person.email };
  });
}
