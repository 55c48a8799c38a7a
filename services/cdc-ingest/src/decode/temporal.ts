import { DecodeError } from './errors';

/**
 * Time values. The canonical DATETIME/TIMESTAMP value is epoch microseconds as a bigint (MariaDB keeps
 * at most 6 fractional digits); a finer value is floored to the microsecond (floor, not truncation
 * towards zero, so 1969 values stay ordered) and the caller learns how much was dropped, to warn or
 * reject (see `subMicrosecond`).
 */
export interface Micros {
  readonly us: bigint;
  /** Nanoseconds dropped below the microsecond (0 when the value was exact). */
  readonly droppedNs: number;
}

const nsPerUnit = { ms: 1_000_000n, us: 1_000n, ns: 1n } as const;

/** Floor division, so a time before 1970 rounds towards the past like every other. */
function floorMicros(ns: bigint): Micros {
  let us = ns / 1_000n;
  let rest = ns % 1_000n;
  if (rest < 0n) {
    us -= 1n;
    rest += 1_000n;
  }
  return { us, droppedNs: Number(rest) };
}

/** Avro's long holds the result; anything outside it cannot be a MariaDB time either. */
const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/**
 * An epoch count in ms, µs or ns → epoch µs. Debezium `io.debezium.time.Timestamp` (ms),
 * `MicroTimestamp` (µs), `NanoTimestamp` (ns); with `time.precision.mode=adaptive_time_microseconds`
 * DATETIME(0–3) is sent in ms and DATETIME(4–6) in µs (Debezium MariaDB connector, "Temporal types").
 */
export function epochToMicros(count: bigint, unit: 'ms' | 'us' | 'ns', what: string): Micros {
  const value = floorMicros(count * nsPerUnit[unit]);
  if (value.us > int64.max || value.us < int64.min) {
    throw new DecodeError('DECODE_BAD_VALUE', `${what}: ${count} ${unit} is out of range`);
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "days_from_civil"). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const isoDateTime =
  /^(-?\d{4,6})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * ISO-8601 date-time → epoch µs. Debezium `io.debezium.time.ZonedTimestamp` is
 * `2026-08-26T16:00:00Z` or `2026-11-24T10:15:30.456Z` (the fraction only as long as needed, up to
 * 9 digits). DMS writes `2024-07-29T00:58:17.974340Z` and, for DATETIME, may omit the zone: a
 * missing zone is read as UTC (the wall clock as if UTC, as the canonical DATETIME is).
 */
export function parseIsoInstant(text: string, what: string): Micros {
  const m = isoDateTime.exec(text.trim());
  if (!m)
    throw new DecodeError(
      'DECODE_BAD_VALUE',
      `${what}: ${JSON.stringify(text)} is not an ISO-8601 date-time`,
    );
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new DecodeError('DECODE_BAD_VALUE', `${what}: ${JSON.stringify(text)} is not a valid date-time`);
  }
  const zone = m[8] ?? 'Z';
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes =
      (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const fractionNs = BigInt((m[7] ?? '').padEnd(9, '0'));
  const seconds =
    BigInt(daysFromCivil(year, month, day)) * 86_400n +
    BigInt(hour * 3600 + minute * 60 + second - offsetMinutes * 60);
  return epochToMicros(seconds * 1_000_000_000n + fractionNs, 'ns', what);
}

const isoDate = /^(-?\d{4,6})-(\d{2})-(\d{2})$/;

/** `2026-12-24` → days since 1970-01-01 (DMS DATE). */
export function parseIsoDate(text: string, what: string): number {
  const m = isoDate.exec(text.trim());
  const [year, month, day] = [m?.[1], m?.[2], m?.[3]].map(Number) as [number, number, number];
  if (!m || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DecodeError('DECODE_BAD_VALUE', `${what}: ${JSON.stringify(text)} is not an ISO-8601 date`);
  }
  return daysFromCivil(year, month, day);
}
