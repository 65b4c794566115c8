import "server-only";
import { recordAuditIn } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/credentials/hashing";
import { checkCurrentPassword } from "@/lib/auth/session/confirm-identity";
import { currentSession } from "@/lib/auth/session/current-session";
import { endOtherSessions } from "@/lib/auth/session/sessions";
import { serializable } from "@/lib/db-transaction";
import { afterResponse } from "@/lib/http/after-response";
import { tryDeliver } from "@/lib/mail/deliver";
import { passwordChangedMail } from "@/lib/mail/messages";
import { setPasswordHash } from "@/lib/people/queries";

export type PasswordChange =
  { ok: true; sessionsEnded: number } | { ok: false; message: string; field?: "currentPassword" | "password" };

/**
 * Changes the password of a signed-in person who knows the current one. Other sessions end when
 * asked (the default in the form); this one stays. The address is told, in case it was not them.
 */
export async function changePassword(
  person: { id: string; email: string },
  input: { currentPassword: string; password: string; signOutOthers: boolean },
): Promise<PasswordChange> {
  const identity = await checkCurrentPassword(person.id, input.currentPassword);
  if (!identity.ok) return identity;
  if (input.currentPassword === input.password)
    return { ok: false, message: "Choose a password different from the current one.", field: "password" };
  const passwordHash = await hashPassword(input.password);
  const keep = (await currentSession())?.sid ?? null;
  const sessionsEnded = await serializable(async (tx) => {
    await setPasswordHash(tx, person.id, passwordHash, false);
    const ended = input.signOutOthers ? await endOtherSessions(person.id, keep, tx) : 0;
    await recordAuditIn(tx, {
      action: "password.changed",
      actor: person,
      target: person,
      after: { sessionsEnded: ended },
    });
    return ended;
  });
  afterResponse(async () => {
    await tryDeliver(passwordChangedMail(person.email));
  });
  return { ok: true, sessionsEnded };
}
