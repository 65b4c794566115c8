import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { AuditAction } from "@/lib/audit/catalogue";
import { createEmailLink, markLinkMailFailed, type LinkPurpose } from "@/lib/auth/email/links";
import type { RequestContext } from "@/lib/http/request-context";
import { tryDeliver } from "@/lib/mail/deliver";
import type { Mail } from "@/lib/mail/deliver";

type Person = { id: string; email: string };

/**
 * The one way a link goes out by mail: made (ending the person's older links of its purpose),
 * mailed, marked when the mail could not be sent (the page then offers to send it again), and
 * audited with whether it was delivered, as sent by the person or by whoever sent it for them.
 */
export async function mailLink(
  person: Person,
  kind: { purpose: LinkPurpose; mail: (to: string, token: string) => Mail; action: AuditAction },
  { sentBy, context }: { sentBy?: Person; context?: RequestContext } = {},
): Promise<boolean> {
  const link = await createEmailLink({ personId: person.id, purpose: kind.purpose, email: person.email });
  const sent = await tryDeliver(kind.mail(person.email, link.token));
  if (!sent) await markLinkMailFailed(link.id);
  await recordAudit(
    { action: kind.action, actor: sentBy ?? person, target: person, after: { delivered: sent } },
    context,
  );
  return sent;
}
