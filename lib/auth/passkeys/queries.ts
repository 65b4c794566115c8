import "server-only";
import { CREDENTIAL_ID } from "@/lib/auth/passkeys/schemas";
import { db } from "@/lib/db";

// Every query on the Passkey table that is not part of a ceremony (lib/auth/passkeys/ceremonies.ts).

export function listPasskeys(personId: string) {
  return db.passkey.findMany({
    where: { userId: personId },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true },
    orderBy: { createdAt: "asc" },
  });
}

/** Removes one of the person's passkeys; its name, or null when they have no such passkey. */
export async function removePasskey(personId: string, passkeyId: string): Promise<string | null> {
  const passkey = await db.passkey.findFirst({ where: { id: passkeyId, userId: personId }, select: { name: true } });
  if (!passkey) return null;
  const { count } = await db.passkey.deleteMany({ where: { id: passkeyId, userId: personId } });
  return count === 1 ? passkey.name : null;
}

/** Whose passkey a browser's answer (JSON naming the credential id) came from, or null. */
export async function passkeyOwner(rawResponse: string): Promise<string | null> {
  let id: unknown;
  try {
    id = (JSON.parse(rawResponse) as { id?: unknown }).id;
  } catch {
    return null;
  }
  if (typeof id !== "string" || !CREDENTIAL_ID.test(id)) return null;
  return (await db.passkey.findUnique({ where: { id }, select: { userId: true } }))?.userId ?? null;
}
