import "server-only";
import { recordAuditIn } from "@/lib/audit/record";
import { peekEmailLink, consumeEmailLink, type LinkProblem } from "@/lib/auth/email/links";
import { serializable } from "@/lib/db-transaction";
import { addressBucket } from "@/lib/http/client-address";
import type { RequestContext } from "@/lib/http/request-context";
import { mailLink } from "@/lib/auth/email/link-mail";
import { verifyEmailMail } from "@/lib/mail/messages";
import { confirmEmailOf, findAccountHolder } from "@/lib/people/queries";
import { takeAttempt, type ThrottleResult } from "@/lib/rate-limit/throttle";

// Proving an address: sign-up (and an admin, or the person, asking again) sends a single-use link;
// following it marks the address confirmed. Until then the policy lets the person do nothing else
// (lib/auth/policy.ts, mustVerifyEmail).

type Person = { id: string; email: string };

/** Creates a link and mails it; false when the mail could not be sent (the page then offers to retry). */
export async function sendVerification(
  person: Person,
  { sentBy, context }: { sentBy?: Person; context?: RequestContext } = {},
): Promise<boolean> {
  return mailLink(
    person,
    { purpose: "verify-email", mail: verifyEmailMail, action: "email.verification_sent" },
    { sentBy, context },
  );
}

const RESEND_WINDOW_MS = 15 * 60_000;

/** Asking for the link again: 3 per person and 20 per network in 15 minutes (each is a mail sent). */
export function takeResendAttempt(personId: string, ip: string | null): Promise<ThrottleResult> {
  return takeAttempt([
    { key: `verify-resend:person:${personId}`, limit: 3, windowMs: RESEND_WINDOW_MS },
    { key: `verify-resend:network:${addressBucket(ip)}`, limit: 20, windowMs: RESEND_WINDOW_MS },
  ]);
}

export type ConfirmProblem = LinkProblem | "someone-else";

/**
 * Follows a verification link. The link proves the mailbox, so it works signed in or out; signed in
 * as someone else, it is refused unused (their session is not the link's person's).
 */
export async function confirmEmail(
  token: unknown,
  signedInId: string | null,
): Promise<{ email: string } | ConfirmProblem> {
  const peeked = await peekEmailLink(token, "verify-email");
  if (typeof peeked === "string") return peeked;
  if (signedInId && signedInId !== peeked.personId) return "someone-else";
  return serializable(async (tx) => {
    const link = await consumeEmailLink(token, "verify-email", tx);
    if (typeof link === "string") return link;
    const person = await findAccountHolder(link.personId, tx);
    // A link for an address the account no longer has proves nothing about the current one.
    if (!person || person.email !== link.email) return "invalid" as const;
    if (!person.emailVerified) {
      await confirmEmailOf(tx, person.id);
      await recordAuditIn(tx, { action: "email.verified", actor: person, target: person });
    }
    return { email: person.email };
  });
}
