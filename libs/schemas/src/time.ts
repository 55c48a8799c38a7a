/**
 * Times travel as epoch microseconds in a bigint (README, Row values); people and HTTP clients read
 * ISO-8601. Both directions keep all six fractional digits, and dates before 1970 floor like any other.
 */

const MICROS_PER_MS = 1000n;

/** Epoch µs → `2026-12-06T01:02:03.123456Z`. */
export function isoFromMicros(micros: bigint | number): string {
  const us = BigInt(micros);
  let ms = us / MICROS_PER_MS;
  let rest = us % MICROS_PER_MS;
  if (rest < 0n) {
    ms -= 1n;
    rest += MICROS_PER_MS;
  }
  const text = new Date(Number(ms)).toISOString(); // …T01:02:03.123Z
  return `${text.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}

const isoInstant = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * `2026-12-06T01:02:03.123456Z`, or MariaDB's `2026-12-06 01:02:03.123456` (no zone: read as UTC, as
 * the canonical DATETIME is the wall clock read as UTC) → epoch µs. Refuses what it cannot read exactly.
 */
export function microsFromIso(text: string): bigint {
  const match = isoInstant.exec(text.trim());
  if (!match) throw new RangeError(`${JSON.stringify(text)} is not an ISO-8601 time with at most 6 decimals`);
  const [, date, time, fraction = '', zone = 'Z'] = match;
  const ms = Date.parse(`${date}T${time}${zone}`);
  if (Number.isNaN(ms)) throw new RangeError(`${JSON.stringify(text)} is not a valid time`);
  return BigInt(ms) * MICROS_PER_MS + BigInt(fraction.padEnd(6, '0'));
}

/** Epoch µs → epoch ms as a number, for clocks and latency arithmetic (floors like the rest). */
export function millisFromMicros(micros: bigint): number {
  const ms = micros / MICROS_PER_MS;
  return Number(micros % MICROS_PER_MS < 0n ? ms - 1n : ms);
}
