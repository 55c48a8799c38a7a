/**
 * Time for the generator. Everything is epoch milliseconds in UTC, anchored at a fixed period end
 * rather than "now", so the same seed yields the same timestamps on any day.
 */
export const minuteMs = 60_000;
export const hourMs = 60 * minuteMs;
export const dayMs = 24 * hourMs;

/** Parses 'YYYY-MM-DD' as the end of that UTC day (the last millisecond). */
export function endOfDay(isoDate: string): number {
  const start = Date.parse(`${isoDate}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || Number.isNaN(start)) throw new Error(`not a date: ${isoDate}`);
  return start + dayMs - 1;
}

export function startOfDay(epochMs: number): number {
  return epochMs - (((epochMs % dayMs) + dayMs) % dayMs);
}

/** DATETIME(3) / TIMESTAMP(3) literal text, e.g. '2026-11-22 14:03:07.123'. */
export function sqlDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 23).replace('T', ' ');
}

/** DATE literal text, e.g. '2026-11-22'. */
export function sqlDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Inverse of sqlDateTime. */
export function epochOf(sqlDateTimeText: string): number {
  const epoch = Date.parse(`${sqlDateTimeText.replace(' ', 'T')}Z`);
  if (Number.isNaN(epoch)) throw new Error(`not a DATETIME: ${sqlDateTimeText}`);
  return epoch;
}
