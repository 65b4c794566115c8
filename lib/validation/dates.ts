// The dates Gatehouse accepts from outside (filters, cursors, version stamps). JavaScript dates reach
// the year 275760, PostgreSQL timestamps 294276 and Prisma's ISO strings only 9999; anything beyond
// a range that every layer can store is a client's mistake, refused at the boundary with a 4xx.
export const EARLIEST_DATE_MS = Date.UTC(1970, 0, 1);
export const LATEST_DATE_MS = Date.UTC(9999, 11, 31);

export function isStorableTime(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms >= EARLIEST_DATE_MS && ms <= LATEST_DATE_MS;
}

export function isStorableDate(date: Date): boolean {
  return isStorableTime(date.getTime());
}
