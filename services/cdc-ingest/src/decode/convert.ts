import { isLosslessNumber, stringify } from 'lossless-json';
import { checkPrecision, decimalFromBase64, decimalFromText, decimalFromUnscaledBytes } from './decimal';
import { DecodeError } from './errors';
import { describe, isObj, requireBigInt, requireSafeInt } from './read';
import { epochToMicros, type Micros, parseIsoDate, parseIsoInstant } from './temporal';
import type { ColumnType, DecodeWarning, RowValue, SubMicrosecondPolicy } from './types';

/** What a conversion needs besides the value: where it is (for messages) and the precision policy. */
export interface ConvertContext {
  readonly subMicrosecond: SubMicrosecondPolicy;
  readonly warnings: DecodeWarning[];
  /**
   * The format writes numbers as JSON strings (AWS DMS does, for integer columns among others): only
   * then is numeric text read as the number it spells. Debezium writes numbers as numbers, so there a
   * string is a contradiction (DECODE_TYPE_MISMATCH), never coerced.
   */
  readonly numbersAsText?: boolean;
}

const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** One raw column value → its canonical row value (libs/schemas/README.md, "Row values"). */
export function convertValue(
  raw: unknown,
  type: ColumnType | undefined,
  column: string,
  what: string,
  ctx: ConvertContext,
): RowValue {
  if (raw === undefined || raw === null) return null;
  if (!type) return passThrough(raw, what);
  switch (type.kind) {
    case 'int': {
      const n = requireSafeInt(integer(raw, what, ctx), what);
      if (n < int32.min || n > int32.max)
        throw new DecodeError('DECODE_BAD_VALUE', `${what}: ${n} does not fit an INT`);
      return n;
    }
    case 'long':
      return requireBigInt(integer(raw, what, ctx), what);
    case 'float':
      return toFloat(raw, what, ctx);
    case 'boolean':
      return toBoolean(raw, what);
    case 'string':
    case 'enum':
      if (typeof raw !== 'string') throw mismatch(what, 'a string', raw);
      return raw;
    case 'json':
      if (typeof raw === 'string') return raw;
      if (isObj(raw) || Array.isArray(raw)) return stringify(raw) ?? 'null';
      throw mismatch(what, 'JSON text', raw);
    case 'decimal':
      return checkPrecision(toDecimal(raw, type, what), type.precision, what);
    case 'variable-decimal': {
      // io.debezium.data.VariableScaleDecimal: struct { scale: int32, value: bytes }.
      if (!isObj(raw)) throw mismatch(what, 'a { scale, value } struct', raw);
      const scale = requireSafeInt(raw.scale, `${what}.scale`);
      return toDecimal(
        raw.value,
        { kind: 'decimal', scale, precision: null, strings: 'base64' },
        `${what}.value`,
      );
    }
    case 'date':
      if (typeof raw === 'string') return parseIsoDate(raw, what);
      return requireSafeInt(numeric(raw, what, 'days since 1970-01-01 or an ISO date'), what);
    case 'datetime':
      if (typeof raw === 'string') return micros(parseIsoInstant(raw, what), column, what, ctx);
      return micros(
        epochToMicros(requireBigInt(numeric(raw, what, 'an epoch count or ISO text'), what), type.unit, what),
        column,
        what,
        ctx,
      );
    case 'timestamp':
      if (typeof raw === 'string') return micros(parseIsoInstant(raw, what), column, what, ctx);
      return micros(
        epochToMicros(requireBigInt(numeric(raw, what, 'ISO text or epoch ms'), what), 'ms', what),
        column,
        what,
        ctx,
      );
    case 'bytes':
      throw new DecodeError(
        'DECODE_UNSUPPORTED_TYPE',
        `${what}: binary columns have no canonical row value (libs/schemas/README.md)`,
      );
  }
}

const isNumber = (raw: unknown) =>
  typeof raw === 'number' || typeof raw === 'bigint' || isLosslessNumber(raw);

/** A value of the wrong JSON type for its column: refused, never coerced. */
function mismatch(what: string, expected: string, raw: unknown): DecodeError {
  return new DecodeError('DECODE_TYPE_MISMATCH', `${what} must be ${expected}, got ${describe(raw)}`);
}

function numeric(raw: unknown, what: string, expected: string): unknown {
  if (!isNumber(raw)) throw mismatch(what, expected, raw);
  return raw;
}

/** An integer column's value: a JSON number, or integer text where the format writes numbers as text. */
function integer(raw: unknown, what: string, ctx: ConvertContext): unknown {
  if (isNumber(raw)) return raw;
  if (typeof raw === 'string' && ctx.numbersAsText) {
    if (!/^-?\d+$/.test(raw))
      throw new DecodeError('DECODE_BAD_VALUE', `${what}: ${describe(raw)} is not an integer`);
    return BigInt(raw);
  }
  throw mismatch(what, 'an integer', raw);
}

/**
 * Without a schema or hint, only conversions that cannot change a value: integers become numbers
 * (bigint beyond 2^53), other numbers keep their exact text as a string, objects become JSON text.
 */
function passThrough(raw: unknown, what: string): RowValue {
  if (typeof raw === 'string' || typeof raw === 'boolean' || typeof raw === 'bigint') return raw;
  if (typeof raw === 'number') return raw;
  if (isLosslessNumber(raw)) {
    if (!/^-?\d+$/.test(raw.value)) return raw.value;
    const n = BigInt(raw.value);
    return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n;
  }
  if (isObj(raw) || Array.isArray(raw)) return stringify(raw) ?? 'null';
  throw new DecodeError('DECODE_UNSUPPORTED_TYPE', `${what}: ${describe(raw)} has no canonical row value`);
}

function toFloat(raw: unknown, what: string, ctx: ConvertContext): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number(raw);
  if (isLosslessNumber(raw)) return Number(raw.value);
  if (typeof raw === 'string' && ctx.numbersAsText) {
    const n = Number(raw);
    if (raw.trim() === '' || Number.isNaN(n))
      throw new DecodeError('DECODE_BAD_VALUE', `${what}: ${describe(raw)} is not a number`);
    return n;
  }
  throw mismatch(what, 'a number', raw);
}

/** MariaDB BOOLEAN is TINYINT(1): 0 is false and, as in SQL, any other value is true. */
function toBoolean(raw: unknown, what: string): boolean {
  if (typeof raw === 'boolean') return raw;
  if (isNumber(raw)) return requireBigInt(raw, what) !== 0n;
  throw mismatch(what, 'a boolean or 0/1', raw);
}

function toDecimal(raw: unknown, type: Extract<ColumnType, { kind: 'decimal' }>, what: string): string {
  if (raw instanceof Uint8Array) return decimalFromUnscaledBytes(raw, type.scale, what);
  if (typeof raw === 'string') {
    return type.strings === 'base64'
      ? decimalFromBase64(raw, type.scale, what)
      : decimalFromText(raw, type.scale, what);
  }
  if (isLosslessNumber(raw)) return decimalFromText(raw.value, type.scale, what);
  if (typeof raw === 'bigint') return decimalFromText(raw.toString(), type.scale, what);
  // A double has already lost whatever it lost at the source; its shortest text is the best reading.
  if (typeof raw === 'number' && Number.isFinite(raw)) return decimalFromText(String(raw), type.scale, what);
  if (typeof raw === 'number') throw new DecodeError('DECODE_BAD_VALUE', `${what}: ${raw} is not a decimal`);
  throw mismatch(what, 'a decimal (bytes, text or a number)', raw);
}

/**
 * The canonical DATETIME/TIMESTAMP is epoch µs, which holds every MariaDB value exactly. A finer value
 * (a nanosecond timestamp from another source) is floored to the microsecond with a
 * SUB_MICROSECOND_TRUNCATED warning, or refused under `subMicrosecond: 'reject'`.
 */
function micros(value: Micros, column: string, what: string, ctx: ConvertContext): bigint {
  if (value.droppedNs === 0) return value.us;
  const detail = `${what}: ${value.droppedNs} ns below the microsecond`;
  if (ctx.subMicrosecond === 'reject') {
    throw new DecodeError('DECODE_PRECISION_LOSS', `${detail} would be lost (subMicrosecond: 'reject')`);
  }
  ctx.warnings.push({ code: 'SUB_MICROSECOND_TRUNCATED', column, detail: `${detail} dropped` });
  return value.us;
}
