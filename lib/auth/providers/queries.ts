import "server-only";
import { recordAuditIn } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { serializable } from "@/lib/db-transaction";
import { hasPassword } from "@/lib/people/queries";

// The Account table: external sign-in providers linked to a person. (The person's own row, and with
// it whether they have a password, is lib/people/queries.ts's.)

export type SignInMethods = { hasPassword: boolean; providers: string[] };

export async function signInMethodsOf(personId: string): Promise<SignInMethods> {
  const [password, accounts] = await Promise.all([
    hasPassword(personId),
    db.account.findMany({ where: { userId: personId }, select: { provider: true }, orderBy: { provider: "asc" } }),
  ]);
  return { hasPassword: password, providers: [...new Set(accounts.map((account) => account.provider))] };
}

/** The person an external account is linked to, if any. */
export function findLinkedPerson(provider: string, providerAccountId: string) {
  return db.account
    .findUnique({
      where: { provider_providerAccountId: { provider, providerAccountId } },
      select: { user: { select: { id: true, email: true, disabledAt: true } } },
    })
    .then((account) => account?.user ?? null);
}

export type UnlinkOutcome = "unlinked" | "not-linked" | "last-method";

/**
 * Removes the link to `provider` unless it is the person's last way to sign in. Read and delete in
 * one Serializable transaction, so two unlinks racing from two tabs cannot both pass the check.
 */
export function unlinkProvider(person: { id: string; email: string }, provider: string): Promise<UnlinkOutcome> {
  return serializable(async (tx) => {
    const [password, accounts] = await Promise.all([
      hasPassword(person.id, tx),
      tx.account.findMany({ where: { userId: person.id }, select: { id: true, provider: true } }),
    ]);
    const target = accounts.filter((account) => account.provider === provider);
    if (target.length === 0) return "not-linked";
    const remaining = accounts.length - target.length + (password ? 1 : 0);
    if (remaining === 0) return "last-method";
    await tx.account.deleteMany({ where: { id: { in: target.map((account) => account.id) } } });
    await recordAuditIn(tx, { action: "account.unlinked", actor: person, target: person, before: { provider } });
    return "unlinked";
  });
}
