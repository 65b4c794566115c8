import { decodeCursor, encodeCursor } from "@/lib/pagination/cursor";

// Keyset pagination on (createdAt, id), shared by every list that pages this way (people, tokens,
// articles in the API). The cost of a page does not grow with its depth: the database seeks to the
// cursor instead of counting the rows before it. A page is asked for "after" a cursor (onwards) or
// "before" one (back): going back queries the other way round and turns the rows around.

type Direction = "asc" | "desc";
type Row = { createdAt: Date; id: string };

const flip = (direction: Direction): Direction => (direction === "asc" ? "desc" : "asc");

/**
 * Rows strictly past the cursor in `direction`, as (createdAt ≤ c AND (createdAt < c OR id < i)) for
 * newest first: the first half is a range the (createdAt, id) index can seek to; an OR on its own
 * would make SQLite scan from the start. Undefined for the first page or a cursor that does not decode.
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

export type KeysetRequest = { after?: string; before?: string; direction?: Direction };

/** The where clause and the order to query in, for a page after or before a cursor. */
export function keysetQuery({ after, before, direction = "desc" }: KeysetRequest) {
  const backwards = Boolean(before && decodeCursor(before));
  const order = backwards ? flip(direction) : direction;
  return { where: keysetWhere(backwards ? before : after, order), order, backwards };
}

export type KeysetPage<T> = { items: T[]; nextCursor: string | undefined; previousCursor: string | undefined };

/**
 * Turns the `size + 1` rows a keyset query fetched into the page and the cursors either side of it.
 * `cameFromCursor` says whether this page was reached by paging (so there is a page the other way).
 */
export function keysetPage<T extends Row>(
  rows: T[],
  size: number,
  { backwards = false, cameFromCursor = false } = {},
): KeysetPage<T> {
  const hasMore = rows.length > size;
  const fetched = hasMore ? rows.slice(0, size) : rows;
  const items = backwards ? [...fetched].reverse() : fetched;
  const first = items[0];
  const last = items.at(-1);
  if (backwards) {
    return {
      items,
      previousCursor: hasMore && first ? encodeCursor(first) : undefined,
      nextCursor: last ? encodeCursor(last) : undefined,
    };
  }
  return {
    items,
    nextCursor: hasMore && last ? encodeCursor(last) : undefined,
    previousCursor: cameFromCursor && first ? encodeCursor(first) : undefined,
  };
}
