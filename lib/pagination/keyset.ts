import { decodeCursor, encodeCursor } from "@/lib/pagination/cursor";

// Keyset pagination on (createdAt, id), shared by every list that pages this way (people, tokens,
// articles in the API). The cost of a page does not grow with its depth: the database seeks to the
// cursor instead of counting the rows before it.

type Direction = "asc" | "desc";

/**
 * "After the cursor" in `direction`, as (createdAt ≤ c AND (createdAt < c OR id < i)) for newest
 * first: the first half is a range the (createdAt, id) index can seek to; an OR on its own would make
 * SQLite scan from the start. Undefined for the first page or a cursor that does not decode.
 */
export function keysetWhere(rawCursor: string | undefined, direction: Direction = "desc") {
  const cursor = decodeCursor(rawCursor);
  if (!cursor) return undefined;
  return direction === "desc"
    ? { createdAt: { lte: cursor.createdAt }, OR: [{ createdAt: { lt: cursor.createdAt } }, { id: { lt: cursor.id } }] }
    : {
        createdAt: { gte: cursor.createdAt },
        OR: [{ createdAt: { gt: cursor.createdAt } }, { id: { gt: cursor.id } }],
      };
}

/** Splits the `size + 1` rows a keyset query fetched into the page and the cursor of the next one. */
export function keysetPage<Row extends { createdAt: Date; id: string }>(
  rows: Row[],
  size: number,
): { items: Row[]; nextCursor: string | undefined } {
  const hasMore = rows.length > size;
  const items = hasMore ? rows.slice(0, size) : rows;
  return { items, nextCursor: hasMore ? encodeCursor(items.at(-1)!) : undefined };
}
