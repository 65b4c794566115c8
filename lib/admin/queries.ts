import type { Prisma } from "@prisma/client";
import { caseInsensitivePrefix, db, lowerCasePrefix } from "@/lib/db";
import { decodeCursor, encodeCursor } from "@/lib/pagination/cursor";
import type { UserFilters } from "@/lib/admin/schemas";

export const USERS_PAGE_SIZE = 25;

const personSelect = { id: true, email: true, name: true, role: true, disabledAt: true, createdAt: true } as const;
export type PersonRow = Prisma.UserGetPayload<{ select: typeof personSelect }>;

function filterWhere(filters: UserFilters): Prisma.UserWhereInput {
  const where: Prisma.UserWhereInput = {};
  if (filters.role) where.role = filters.role;
  if (filters.status) where.disabledAt = filters.status === "disabled" ? { not: null } : null;
  if (filters.q) {
    where.OR = [
      { email: lowerCasePrefix(filters.q) },
      { name: caseInsensitivePrefix(filters.q) },
    ];
  }
  return where;
}

/**
 * One page of people, keyset-paginated on (createdAt, id): page 500 costs what page 1 costs,
 * because the database seeks to the cursor instead of counting rows to skip.
 */
export async function listUsersPage(filters: UserFilters) {
  const direction = filters.sort === "oldest" ? "asc" : "desc";
  const cursor = decodeCursor(filters.cursor);
  // "After the cursor" as (createdAt ≤ c AND (createdAt < c OR id < i)): the first half is a range
  // the (createdAt, id) index can seek to; an OR on its own would make SQLite scan from the start.
  const after: Prisma.UserWhereInput | undefined = cursor
    ? direction === "desc"
      ? { createdAt: { lte: cursor.createdAt }, OR: [{ createdAt: { lt: cursor.createdAt } }, { id: { lt: cursor.id } }] }
      : { createdAt: { gte: cursor.createdAt }, OR: [{ createdAt: { gt: cursor.createdAt } }, { id: { gt: cursor.id } }] }
    : undefined;
  const rows = await db.user.findMany({
    where: after ? { AND: [filterWhere(filters), after] } : filterWhere(filters),
    orderBy: [{ createdAt: direction }, { id: direction }],
    take: USERS_PAGE_SIZE + 1,
    select: personSelect,
  });
  const hasMore = rows.length > USERS_PAGE_SIZE;
  const people = hasMore ? rows.slice(0, USERS_PAGE_SIZE) : rows;
  return { people, nextCursor: hasMore ? encodeCursor(people.at(-1)!) : undefined };
}

export function findPerson(id: string) {
  return db.user.findUnique({ where: { id }, select: { ...personSelect, sessionVersion: true } });
}

export function findPersonByEmail(email: string) {
  return db.user.findUnique({ where: { email }, select: personSelect });
}

export function countActiveAdmins(tx: Prisma.TransactionClient = db) {
  return tx.user.count({ where: { role: "admin", disabledAt: null } });
}
