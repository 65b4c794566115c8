import "server-only";
import { recordAudit, recordAuditIn } from "@/lib/audit/record";
import { deleteAccessOf } from "@/lib/auth/end-access";
import { confirmIdentity } from "@/lib/auth/session/confirm-identity";
import { serializable } from "@/lib/db-transaction";
import { afterResponse } from "@/lib/http/after-response";
import { tryDeliver } from "@/lib/mail/deliver";
import { accountDeletedMail } from "@/lib/mail/messages";
import { LAST_ADMIN, wouldLeaveNoAdmin } from "@/lib/people/commands";
import { deletePerson, findCommandTarget, setName } from "@/lib/people/queries";

// What a person does to their own account (besides its address and password, which live with
// sign-in in lib/auth): their name, and deleting the account.

type Person = { id: string; email: string; name: string | null; authenticatedAt: Date };

export async function rename(person: Person, name: string | null): Promise<void> {
  if (name === person.name) return;
  await setName(person.id, name);
  await recordAudit({
    action: "profile.renamed",
    actor: person,
    target: person,
    before: { name: person.name },
    after: { name },
  });
}

export type Deletion = { ok: true } | { ok: false; message: string; field?: "currentPassword" };

/**
 * Deletes the account: its sign-in methods, sessions, links and API tokens go with it; the articles
 * it wrote stay, shown as by "a former member"; audit entries stay (the log is append-only and
 * names the account by its address). The last active admin cannot leave the organisation adminless.
 */
export async function deleteAccount(person: Person, currentPassword: string | undefined): Promise<Deletion> {
  const identity = await confirmIdentity(person, currentPassword);
  if (!identity.ok) return identity;
  const result = await serializable(async (tx) => {
    const target = await findCommandTarget(tx, person.id);
    if (!target) return { ok: true as const };
    if (await wouldLeaveNoAdmin(tx, target)) return LAST_ADMIN;
    const tokensRevoked = await tx.apiToken.count({ where: { userId: person.id, revokedAt: null } });
    await deleteAccessOf(tx, person.id);
    await deletePerson(tx, person.id);
    await recordAuditIn(tx, {
      action: "account.deleted",
      actor: person,
      target: person,
      before: { role: target.role },
      after: { tokensRevoked },
    });
    return { ok: true as const };
  });
  if (!result.ok) return result;
  afterResponse(async () => {
    await tryDeliver(accountDeletedMail(person.email));
  });
  return { ok: true };
}
