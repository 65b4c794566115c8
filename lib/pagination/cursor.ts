import { isStorableDate } from "@/lib/validation/dates";

// An opaque position in a list ordered by (createdAt, id): the last row shown. Used by the admin
// people list and the articles API. A cursor comes back from the client, so decoding checks it as
// any other input: a date every database can store and an id of the shape our ids have.
export type Cursor = { createdAt: Date; id: string };

export function encodeCursor(row: Cursor): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw || raw.length > 200) return undefined;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown[];
    const date = new Date(String(createdAt));
    if (typeof id !== "string" || !/^[\w-]{1,64}$/.test(id) || !isStorableDate(date)) return undefined;
    return { createdAt: date, id };
  } catch {
    return undefined;
  }
}
