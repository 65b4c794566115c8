// The last N days as UTC day windows, oldest first, for the admin overview's daily series.
const DAY_MS = 24 * 3600 * 1000;

export type DayWindow = { start: Date; end: Date };

export function lastDays(count: number, now: Date = new Date()): DayWindow[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: count }, (_, index) => {
    const start = today - (count - 1 - index) * DAY_MS;
    return { start: new Date(start), end: new Date(start + DAY_MS) };
  });
}
