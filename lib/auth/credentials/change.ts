import "server-only";
import { recordAuditIn } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/credentials/hashing";
import { checkCurrentPassword } from "@/lib/auth/session/confirm-identity";
import { endAccess, endApiAccess, type EndedAccess } from "@/lib/auth/end-access";
import { thisBrowsersSessions } from "@/lib/auth/oauth-server/sessions";
import { serializable } from "@/lib/db-transaction";
import { afterResponse } from "@/lib/http/after-response";
import { tryDeliver } from "@/lib/mail/deliver";
import { passwordChangedMail } from "@/lib/mail/messages";
import { setPasswordHash } from "@/lib/people/queries";

export type PasswordChange =
  | { ok: true; ended: Pick<EndedAccess, "sessions" | "tokens" | "grants"> }
  | { ok: false; message: string; field?: "currentPassword" | "password" };

/**
 * Changes the password of a signed-in person who knows the current one. Other sessions end when
 * asked, and API tokens and app access when asked (both the default in the form); this browser's
 * session stays. The address is told, in case it was not them.
 */
export async function changePassword(
  person: { id: string; email: string },
  input: { currentPassword: string; password: string; signOutOthers: boolean; revokeApiAccess: boolean },
): Promise<PasswordChange> {
  const identity = await checkCurrentPassword(person.id, input.currentPassword);
  if (!identity.ok) return identity;
  if (input.currentPassword === input.password)
    return { ok: false, message: "Choose a password different from the current one.", field: "password" };
  const passwordHash = await hashPassword(input.password);
  const keep = await thisBrowsersSessions();
  const ended = await serializable(async (tx) => {
    await setPasswordHash(tx, person.id, passwordHash);
    const sessions = input.signOutOthers ? (await endAccess(tx, person.id, { apiAccess: false, keep })).sessions : 0;
    const api = input.revokeApiAccess ? await endApiAccess(tx, person.id) : { tokens: 0, grants: 0 };
    await recordAuditIn(tx, {
      action: "password.changed",
      actor: person,
      target: person,
      after: {
        sessionsEnded: sessions,
        ...(input.revokeApiAccess ? { tokensRevoked: api.tokens, appsRevoked: api.grants } : {}),
      },
    });
    return { sessions, ...api };
  });
  afterResponse(async () => {
    await tryDeliver(passwordChangedMail(person.email));
  });
  return { ok: true, ended };
}
