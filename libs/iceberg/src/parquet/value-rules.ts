import type { PrimitiveType } from '../types';
import { type DecimalSpec, decimalSpec } from './decimal';

// What the encoder accepts for each Iceberg type (fields.ts applies these rules as it writes), as a
// check that costs no allocation on a value that passes: the sink runs it on every value of every
// record as it arrives, so a record the encoder would refuse is dead-lettered alone, before a buffer.

export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

export const isInt32 = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX;

export const isInt64 = (value: unknown): value is bigint =>
  typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX;

/** What a non-null value of the type must be; undefined when the value fits, else what was expected. */
export type ValueRule = (value: unknown) => string | undefined;

const ZERO = 48;
const NINE = 57;
const MINUS = 45;
const DOT = 46;

/**
 * Why decimal text does not fit decimal(P, S), by the rules of `unscaledDecimal` (@lakestream/schemas):
 * text like `-12.5` (an optional minus, digits, optionally a point and digits), at most S decimals, and an unscaled
 * value below 10^P. Walks the characters instead of matching and building a bigint: the unscaled
 * value has as many digits as the whole part without its leading zeros, plus S (or at most S when
 * the whole part is zero).
 */
export function decimalTextRefusal(text: string, { precision, scale }: DecimalSpec): string | undefined {
  const length = text.length;
  let i = 0;
  const first = text.charCodeAt(0);
  if (first === MINUS) i += 1;
  const wholeStart = i;
  let significant = -1;
  for (; i < length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) break;
    if (significant < 0 && c !== ZERO) significant = i;
  }
  const wholeEnd = i;
  if (wholeEnd === wholeStart) return 'decimal text';
  let decimals = 0;
  if (i < length) {
    if (text.charCodeAt(i) !== DOT) return 'decimal text';
    i += 1;
    const fractionStart = i;
    for (; i < length; i += 1) {
      const c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) return 'decimal text';
    }
    decimals = i - fractionStart;
    if (decimals === 0) return 'decimal text';
  }
  if (decimals > scale) return `at most ${scale} decimals`;
  const wholeDigits = significant < 0 ? 0 : wholeEnd - significant;
  if (wholeDigits > 0 && wholeDigits + scale > precision) return `at most ${precision} digits`;
  return undefined;
}

const rules: Record<Exclude<PrimitiveType, `decimal(${string}`>, ValueRule> = {
  boolean: (v) => (typeof v === 'boolean' ? undefined : 'a boolean'),
  int: (v) => (isInt32(v) ? undefined : 'a 32-bit integer number'),
  // Days since 1970-01-01 in an INT32 (spec "Appendix A"): any 32-bit integer is a date.
  date: (v) => (isInt32(v) ? undefined : 'a 32-bit integer number'),
  long: (v) => (isInt64(v) ? undefined : 'a 64-bit bigint'),
  // Microseconds since the epoch in an INT64: ±292,000 years, but a bigint beyond it has no file form.
  timestamp: (v) => (isInt64(v) ? undefined : 'a 64-bit bigint'),
  timestamptz: (v) => (isInt64(v) ? undefined : 'a 64-bit bigint'),
  // Any number: NaN and the infinities are float values too (Parquet writes their IEEE bits).
  float: (v) => (typeof v === 'number' ? undefined : 'a number'),
  double: (v) => (typeof v === 'number' ? undefined : 'a number'),
  // Any string: a lone surrogate cannot come out of Avro (Node's UTF-8 decoder turns malformed bytes
  // into U+FFFD), and hyparquet-writer's TextEncoder would write one as U+FFFD rather than fail.
  string: (v) => (typeof v === 'string' ? undefined : 'a string'),
  binary: (v) => (v instanceof Uint8Array ? undefined : 'a Uint8Array'),
};

/**
 * Why the encoder has no Parquet form for the type, if it has none: a decimal beyond Iceberg's 38
 * digits (MySQL allows 65), say. Every file of a table with such a column would fail to encode.
 */
export function typeRefusal(type: PrimitiveType): string | undefined {
  if (type in rules) return undefined;
  try {
    return decimalSpec(type) ? undefined : `no Parquet mapping for ${type}`;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The rule for one Iceberg type, built once per column; none for a type `typeRefusal` refuses. */
export function valueRule(type: PrimitiveType): ValueRule | undefined {
  const known = rules[type as keyof typeof rules];
  if (known) return known;
  if (typeRefusal(type)) return undefined;
  const spec = decimalSpec(type) as DecimalSpec;
  return (v) => (typeof v === 'string' ? decimalTextRefusal(v, spec) : 'decimal text');
}

/** A value as a refusal message shows it: bigints with their `n`, strings quoted, at most 80 characters. */
export function shownValue(value: unknown): string {
  const text =
    typeof value === 'bigint'
      ? `${value}n`
      : typeof value === 'string'
        ? JSON.stringify(value)
        : value instanceof Uint8Array
          ? `${value.length} bytes`
          : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
