import { Prisma } from "@prisma/client";
import { databaseProvider, db, isPrismaError } from "@/lib/db";
import type { Role } from "@/lib/auth/policy";

export const sessionUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  sessionVersion: true,
} satisfies Prisma.UserSelect;

export type SessionUserRow = Prisma.UserGetPayload<{ select: typeof sessionUserSelect }>;

export function findUserForSession(id: string): Promise<SessionUserRow | null> {
  return db.user.findUnique({ where: { id }, select: sessionUserSelect });
}

export function findUserWithPassword(email: string) {
  return db.user.findUnique({ where: { email }, select: { ...sessionUserSelect, passwordHash: true } });
}

/** Creates a person with a password, or returns null when the email is taken. */
export async function insertPasswordUser(data: {
  email: string;
  name?: string;
  passwordHash: string;
  role?: Role;
}): Promise<SessionUserRow | null> {
  if (databaseProvider === "postgresql") {
    // INSERT … ON CONFLICT DO NOTHING, then read the row back, for a taken email and a new one alike.
    // Letting the insert fail on the unique email made sign-up with a taken email about 7 ms slower
    // (tests/e2e/enumeration.spec.ts), enough to tell who is registered.
    // (SQLite has no skipDuplicates in Prisma, and its failed insert costs no more than a good one.)
    const { count } = await db.user.createMany({ data: [data], skipDuplicates: true } as Prisma.UserCreateManyArgs);
    const row = await db.user.findUnique({ where: { email: data.email }, select: sessionUserSelect });
    return count === 1 ? row : null;
  }
  try {
    return await db.user.create({ data, select: sessionUserSelect });
  } catch (error) {
    if (isPrismaError(error, "P2002")) return null;
    throw error;
  }
}

export function countUsers(): Promise<number> {
  return db.user.count();
}

export function countDisabledUsers(): Promise<number> {
  return db.user.count({ where: { disabledAt: { not: null } } });
}
