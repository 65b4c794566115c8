import "server-only";
import { newSecret, secretHash } from "@/lib/crypto/secrets";
import type { Prisma } from "@prisma/client";
import { db } from "@/lib/db";

// Single-use links sent by mail. The link carries 256 random bits; only their SHA-256 is stored, so
// a copy of the database cannot be used to follow anyone's link. A link is used at most once (the
// "used" mark is set in the same statement that checks it), and a newer link of the same purpose for
// the same person ends the older ones.

export type LinkPurpose = "verify-email" | "reset-password" | "change-email" | "undo-email-change";

export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
  "verify-email": 24 * 3600_000,
  "reset-password": 30 * 60_000,
  "change-email": 24 * 3600_000,
  "undo-email-change": 7 * 24 * 3600_000,
};

type Tx = Prisma.TransactionClient;

/** A token's shape: 43 base64url characters. Anything else is refused before any lookup. */
export function looksLikeLinkToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** Ends the person's unused links of a purpose (a newer one replaces them, or they no longer apply). */
export async function endEmailLinks(personId: string, purpose: LinkPurpose, tx: Tx = db): Promise<void> {
  await tx.emailLink.updateMany({ where: { userId: personId, purpose, usedAt: null }, data: { usedAt: new Date() } });
}

/**
 * Creates a link and returns its secret (to put in the mail) and its id (to note a failed send).
 * The new link is stored first; then one statement ends every unused link of the person and purpose
 * but the newest. Two requests at once, on one instance or two, each run that statement after their
 * own insert, so the later statement sees both links and leaves exactly one. (Reading the older
 * links and ending them in two steps left several alive: tests/integration/account-flows.test.ts.)
 */
export async function createEmailLink(
  data: { personId: string; purpose: LinkPurpose; email: string; previousEmail?: string },
  tx: Tx = db,
): Promise<{ token: string; id: string }> {
  const { secret: token, hash: tokenHash } = newSecret();
  const row = await tx.emailLink.create({
    data: {
      userId: data.personId,
      purpose: data.purpose,
      tokenHash,
      email: data.email,
      previousEmail: data.previousEmail,
      expiresAt: new Date(Date.now() + LINK_LIFETIME_MS[data.purpose]),
    },
    select: { id: true },
  });
  await tx.$executeRaw`
    UPDATE "EmailLink" SET "usedAt" = ${new Date()}
    WHERE "userId" = ${data.personId} AND "purpose" = ${data.purpose} AND "usedAt" IS NULL
      AND "id" <> (
        SELECT "id" FROM "EmailLink"
        WHERE "userId" = ${data.personId} AND "purpose" = ${data.purpose} AND "usedAt" IS NULL
        ORDER BY "createdAt" DESC, "id" DESC LIMIT 1
      )`;
  return { token, id: row.id };
}

export type LinkProblem = "invalid" | "used" | "expired";
export type UsableLink = { id: string; personId: string; email: string; previousEmail: string | null };

/** Looks a link up without using it (to show the page it opens). */
export async function peekEmailLink(token: unknown, purpose: LinkPurpose): Promise<UsableLink | LinkProblem> {
  if (!looksLikeLinkToken(token)) return "invalid";
  const row = await db.emailLink.findUnique({ where: { tokenHash: secretHash(token) } });
  if (!row || row.purpose !== purpose) return "invalid";
  if (row.usedAt) return "used";
  if (row.expiresAt.getTime() <= Date.now()) return "expired";
  return { id: row.id, personId: row.userId, email: row.email, previousEmail: row.previousEmail };
}

/** Uses a link: succeeds once; a second use, an expired link or a link for another purpose does not. */
export async function consumeEmailLink(
  token: unknown,
  purpose: LinkPurpose,
  tx: Tx = db,
): Promise<UsableLink | LinkProblem> {
  if (!looksLikeLinkToken(token)) return "invalid";
  const now = new Date();
  const row = await tx.emailLink.findUnique({ where: { tokenHash: secretHash(token) } });
  if (!row || row.purpose !== purpose) return "invalid";
  if (row.usedAt) return "used";
  if (row.expiresAt <= now) return "expired";
  const { count } = await tx.emailLink.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (count !== 1) return "used";
  return { id: row.id, personId: row.userId, email: row.email, previousEmail: row.previousEmail };
}

/** Notes that the mail carrying a link could not be sent. */
export async function markLinkMailFailed(id: string): Promise<void> {
  await db.emailLink.updateMany({ where: { id }, data: { mailFailedAt: new Date() } });
}

/** The latest link of a purpose for a person, to say whether its mail went out. */
export function latestEmailLink(personId: string, purpose: LinkPurpose) {
  return db.emailLink.findFirst({
    where: { userId: personId, purpose },
    orderBy: { createdAt: "desc" },
    select: { email: true, mailFailedAt: true, createdAt: true, usedAt: true, expiresAt: true },
  });
}

/** What a person is told about a link that cannot be used, wherever it is followed. */
export const LINK_PROBLEM_MESSAGES: Record<LinkProblem, string> = {
  invalid: "This link is not valid. It may have been copied incompletely, or replaced by a newer one.",
  used: "This link has already been used, or a newer one replaced it. Each link works once.",
  expired: "This link has expired.",
};
