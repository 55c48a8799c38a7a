import { isLosslessNumber } from 'lossless-json';
import { DecodeError } from './errors';

/**
 * Small readers for untrusted input: JSON parsed by lossless-json (numbers arrive as LosslessNumber,
 * so nothing was rounded) or objects decoded by avsc (longs as bigint, or number where avsc used its
 * own long type). Each throws a DecodeError naming the field; the decoder's boundary catches it.
 */
export type Obj = Readonly<Record<string, unknown>>;

export function isObj(v: unknown): v is Obj {
  return (
    typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !isLosslessNumber(v)
  );
}

export function requireObj(v: unknown, what: string): Obj {
  if (v === undefined || v === null) throw new DecodeError('DECODE_MISSING_FIELD', `${what} is missing`);
  if (!isObj(v)) throw new DecodeError('DECODE_BAD_VALUE', `${what} must be an object, got ${describe(v)}`);
  return v;
}

export function optionalObj(v: unknown, what: string): Obj | null {
  return v === undefined || v === null ? null : requireObj(v, what);
}

export function requireString(v: unknown, what: string): string {
  if (v === undefined || v === null) throw new DecodeError('DECODE_MISSING_FIELD', `${what} is missing`);
  if (typeof v !== 'string')
    throw new DecodeError('DECODE_BAD_VALUE', `${what} must be a string, got ${describe(v)}`);
  return v;
}

export function optionalString(v: unknown, what: string): string | null {
  return v === undefined || v === null ? null : requireString(v, what);
}

/** The integer text of a number-like value, or null if it is not one. */
function integerText(v: unknown): string | null {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : null;
  if (isLosslessNumber(v)) return /^-?\d+$/.test(v.value) ? v.value : null;
  return null;
}

/** An integer of any size, exactly. Accepts bigint, safe-integer numbers and LosslessNumbers. */
export function requireBigInt(v: unknown, what: string): bigint {
  if (v === undefined || v === null) throw new DecodeError('DECODE_MISSING_FIELD', `${what} is missing`);
  const text = integerText(v);
  if (text === null)
    throw new DecodeError('DECODE_BAD_VALUE', `${what} must be an integer, got ${describe(v)}`);
  return BigInt(text);
}

export function optionalBigInt(v: unknown, what: string): bigint | null {
  return v === undefined || v === null ? null : requireBigInt(v, what);
}

/** An integer that fits a JS number exactly. */
export function requireSafeInt(v: unknown, what: string): number {
  const n = requireBigInt(v, what);
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DecodeError('DECODE_BAD_VALUE', `${what} ${n} does not fit a number exactly`);
  }
  return Number(n);
}

/** A short description of a value for error messages (never the whole value). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (isLosslessNumber(v)) return `number ${v.value}`;
  if (Buffer.isBuffer(v)) return `${v.length} bytes`;
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
