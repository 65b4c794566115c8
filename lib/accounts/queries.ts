import { db } from "@/lib/db";
import { serializable } from "@/lib/db-transaction";
import { recordAuditIn } from "@/lib/audit/record";

// Data access for the ways a person signs in: a password and linked external accounts.

export type SignInMethods = { hasPassword: boolean; providers: string[] };

export async function signInMethodsOf(userId: string): Promise<SignInMethods> {
  const [user, accounts] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } }),
    db.account.findMany({ where: { userId }, select: { provider: true }, orderBy: { provider: "asc" } }),
  ]);
  return { hasPassword: Boolean(user?.passwordHash), providers: [...new Set(accounts.map((account) => account.provider))] };
}

export function findLinkedPerson(provider: string, providerAccountId: string) {
  return db.account
    .findUnique({
      where: { provider_providerAccountId: { provider, providerAccountId } },
      select: { user: { select: { id: true, email: true, disabledAt: true } } },
    })
    .then((account) => account?.user ?? null);
}

export function findPersonByEmail(email: string) {
  return db.user.findUnique({ where: { email }, select: { id: true, email: true, emailVerified: true, disabledAt: true, passwordHash: true } });
}

/** Records that the person proved they hold their email address (a provider said it verified it). */
export async function markEmailVerified(userId: string, email: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId, email, emailVerified: null }, data: { emailVerified: new Date() } });
}

export type UnlinkOutcome = "unlinked" | "not-linked" | "last-method";

/**
 * Removes the link to `provider` unless it is the person's last way to sign in. Read and delete in
 * one Serializable transaction, so two unlinks racing from two tabs cannot both pass the check.
 */
export function unlinkProvider(person: { id: string; email: string }, provider: string): Promise<UnlinkOutcome> {
  return serializable(async (tx) => {
    const [user, accounts] = await Promise.all([
      tx.user.findUnique({ where: { id: person.id }, select: { passwordHash: true } }),
      tx.account.findMany({ where: { userId: person.id }, select: { id: true, provider: true } }),
    ]);
    const target = accounts.filter((account) => account.provider === provider);
    if (target.length === 0) return "not-linked";
    const remaining = accounts.length - target.length + (user?.passwordHash ? 1 : 0);
    if (remaining === 0) return "last-method";
    await tx.account.deleteMany({ where: { id: { in: target.map((account) => account.id) } } });
    await recordAuditIn(tx, { action: "account.unlinked", actor: person, target: person, before: { provider } });
    return "unlinked";
  });
}
