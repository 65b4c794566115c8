import { Prisma } from "@prisma/client";
import { caseInsensitivePrefix, databaseProvider, db, isPrismaError, lowerCasePrefix } from "@/lib/db";
import { keysetPage, keysetQuery } from "@/lib/pagination/keyset";
import type { PeopleFilters } from "@/lib/people/schemas";
import { withCapabilities } from "@/lib/roles/queries";
import type { DayWindow } from "@/lib/stats/days";

// Every query on the User table (Auth.js and Prisma call the table "User"; Gatehouse calls the people
// in it people). Other modules ask here, so a change to what a person is happens in one place.

type Tx = Prisma.TransactionClient;

export const sessionPersonSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  sessionVersion: true,
  emailVerified: true,
} satisfies Prisma.UserSelect;

export type SessionPersonRow = Prisma.UserGetPayload<{ select: typeof sessionPersonSelect }>;

/** A person as a session needs them (role, version, state), by id. */
export function findSessionPerson(id: string) {
  return db.user.findUnique({ where: { id }, select: sessionPersonSelect });
}

export function findPersonWithPassword(email: string) {
  return db.user.findUnique({ where: { email }, select: { ...sessionPersonSelect, passwordHash: true } });
}

/** Creates a person with a password, or returns null when the email is taken. */
export async function insertPasswordPerson(data: {
  email: string;
  name?: string;
  passwordHash: string;
  role?: string;
}): Promise<SessionPersonRow | null> {
  if (databaseProvider === "postgresql") {
    // INSERT … ON CONFLICT DO NOTHING, then read the row back, for a taken email and a new one alike.
    // Letting the insert fail on the unique email made sign-up with a taken email about 7 ms slower
    // (tests/e2e/enumeration.spec.ts), enough to tell who is registered.
    // (SQLite has no skipDuplicates in Prisma, and its failed insert costs no more than a good one.)
    const { count } = await db.user.createMany({ data: [data], skipDuplicates: true } as Prisma.UserCreateManyArgs);
    const row = await db.user.findUnique({ where: { email: data.email }, select: sessionPersonSelect });
    return count === 1 ? row : null;
  }
  try {
    return await db.user.create({ data, select: sessionPersonSelect });
  } catch (error) {
    if (isPrismaError(error, "P2002")) return null;
    throw error;
  }
}

/** Someone with this email, for linking decisions: whether their address was verified, whether they are disabled. */
export function findPersonByEmail(email: string) {
  return db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, emailVerified: true, disabledAt: true, createdAt: true },
  });
}

/** Whether the person has a password (one of their ways to sign in). */
export async function hasPassword(personId: string, tx: Tx = db): Promise<boolean> {
  return Boolean((await tx.user.findUnique({ where: { id: personId }, select: { passwordHash: true } }))?.passwordHash);
}

/** The person's password hash, to check their current password; null for a provider-only account. */
export async function passwordHashOf(personId: string): Promise<string | null> {
  return (await db.user.findUnique({ where: { id: personId }, select: { passwordHash: true } }))?.passwordHash ?? null;
}

/** When a sign-in succeeds, with any method. */
export async function noteSignIn(personId: string): Promise<void> {
  await db.user.update({ where: { id: personId }, data: { lastSignInAt: new Date() } });
}

/** Records that the person proved they hold their email address (a provider said it verified it). */
export async function markEmailVerified(personId: string, email: string): Promise<void> {
  await db.user.updateMany({
    where: { id: personId, email, emailVerified: null },
    data: { emailVerified: new Date() },
  });
}

// The admin panel's view of people.

export const PEOPLE_PAGE_SIZE = 25;

const listedPersonSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  createdAt: true,
  lastSignInAt: true,
} as const;

function filterWhere(filters: PeopleFilters): Prisma.UserWhereInput {
  const where: Prisma.UserWhereInput = {};
  if (filters.role) where.role = filters.role;
  if (filters.status) where.disabledAt = filters.status === "disabled" ? { not: null } : null;
  if (filters.q) where.OR = [{ email: lowerCasePrefix(filters.q) }, { name: caseInsensitivePrefix(filters.q) }];
  return where;
}

/**
 * One page of people, keyset-paginated on (createdAt, id): page 500 costs what page 1 costs,
 * because the database seeks to the cursor instead of counting rows to skip.
 */
export async function listPeoplePage(filters: PeopleFilters) {
  const { where, order, backwards } = keysetQuery({
    after: filters.cursor,
    before: filters.before,
    direction: filters.sort === "oldest" ? "asc" : "desc",
  });
  const rows = await db.user.findMany({
    where: where ? { AND: [filterWhere(filters), where] } : filterWhere(filters),
    orderBy: [{ createdAt: order }, { id: order }],
    take: PEOPLE_PAGE_SIZE + 1,
    select: listedPersonSelect,
  });
  const page = keysetPage(rows, PEOPLE_PAGE_SIZE, { backwards, cameFromCursor: Boolean(filters.cursor) });
  return { people: page.items, nextCursor: page.nextCursor, previousCursor: page.previousCursor };
}

/** Display names for the given ids (null for someone without a name), for sentences in the audit log. */
export async function namesOf(ids: Iterable<string>): Promise<Map<string, string | null>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}

export function findPerson(id: string) {
  return db.user.findUnique({
    where: { id },
    select: { ...listedPersonSelect, sessionVersion: true, emailVerified: true },
  });
}

export function countPeople(): Promise<number> {
  return db.user.count();
}

export function countDisabledPeople(): Promise<number> {
  return db.user.count({ where: { disabledAt: { not: null } } });
}

/** People who joined on each of `days`. */
export function countJoinedPerDay(days: readonly DayWindow[]): Promise<number[]> {
  return Promise.all(days.map((day) => db.user.count({ where: { createdAt: { gte: day.start, lt: day.end } } })));
}

/** How many people hold each role (disabled ones not counted). */
export async function countPeopleByRole(): Promise<Map<string, number>> {
  const groups = await db.user.groupBy({ by: ["role"], where: { disabledAt: null }, _count: { _all: true } });
  // A Map, not an object: a role may be named like an Object property ("constructor").
  return new Map(groups.map((group) => [group.role, group._count._all]));
}

export function countActiveAdmins(tx: Tx = db) {
  return tx.user.count({ where: { role: "admin", disabledAt: null } });
}

// Changes an admin makes, inside the caller's transaction (lib/people/commands.ts).

export type CommandTarget = {
  id: string;
  email: string;
  role: string;
  disabledAt: Date | null;
  sessionVersion: number;
};

export function findCommandTarget(tx: Tx, personId: string): Promise<CommandTarget | null> {
  return tx.user.findUnique({
    where: { id: personId },
    select: { id: true, email: true, role: true, disabledAt: true, sessionVersion: true },
  });
}

export async function setRole(tx: Tx, personId: string, role: string): Promise<void> {
  await tx.user.update({ where: { id: personId }, data: { role } });
}

/** What disabling ends is endAccess's (lib/auth/end-access.ts), called in the same transaction. */
export async function setDisabledAt(tx: Tx, personId: string, disabled: boolean): Promise<void> {
  await tx.user.update({ where: { id: personId }, data: { disabledAt: disabled ? new Date() : null } });
}

// Changes a person makes to their own account (lib/auth/email, lib/auth/credentials/recovery.ts,
// lib/people/account.ts), inside the caller's transaction.

export const accountHolderSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  emailVerified: true,
  sessionVersion: true,
} satisfies Prisma.UserSelect;

export type AccountHolder = Prisma.UserGetPayload<{ select: typeof accountHolderSelect }>;

export function findAccountHolder(personId: string, tx: Tx = db): Promise<AccountHolder | null> {
  return tx.user.findUnique({ where: { id: personId }, select: accountHolderSelect });
}

/** Whether someone other than `exceptId` has this address. */
export async function emailTakenByOther(email: string, exceptId: string, tx: Tx = db): Promise<boolean> {
  const row = await tx.user.findUnique({ where: { email }, select: { id: true } });
  return Boolean(row && row.id !== exceptId);
}

export async function confirmEmailOf(tx: Tx, personId: string): Promise<void> {
  await tx.user.update({ where: { id: personId }, data: { emailVerified: new Date() } });
}

/** A new address, proven by a link sent to it. */
export async function setEmail(tx: Tx, personId: string, email: string): Promise<void> {
  await tx.user.update({ where: { id: personId }, data: { email, emailVerified: new Date() } });
}

export async function setPasswordHash(tx: Tx, personId: string, passwordHash: string) {
  await tx.user.update({ where: { id: personId }, data: { passwordHash } });
}

export async function setName(personId: string, name: string | null): Promise<void> {
  await db.user.update({ where: { id: personId }, data: { name } });
}

/** Deletes the person with their sign-in methods, sessions, links and tokens (cascades); articles stay, authorless. */
export async function deletePerson(tx: Tx, personId: string): Promise<void> {
  await tx.user.delete({ where: { id: personId } });
}

/**
 * A person as an OAuth access token or ID token speaks for them: who they are and what their role
 * allows now (null when they no longer exist). One query, read on every use of a token.
 */
export async function findTokenSubject(id: string) {
  const row = await db.user.findUnique({
    where: { id },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabledAt: true,
      emailVerified: true,
      totpFactor: { select: { confirmedAt: true } },
      _count: { select: { passkeys: true } },
    },
  });
  if (!row) return null;
  const { totpFactor, _count, ...person } = row;
  return withCapabilities({ ...person, hasSecondFactor: Boolean(totpFactor?.confirmedAt) || _count.passkeys > 0 });
}
