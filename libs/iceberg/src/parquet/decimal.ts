import { ParquetError } from './errors';

/** Precision and scale of an Iceberg `decimal(P, S)` type string. */
export interface DecimalSpec {
  precision: number;
  scale: number;
}

const DECIMAL_TYPE = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/;
const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?$/;

export function decimalSpec(type: string): DecimalSpec | undefined {
  const match = DECIMAL_TYPE.exec(type);
  if (!match) return undefined;
  const precision = Number(match[1]);
  const scale = Number(match[2]);
  // Spec "Primitive Types": precision must be 38 or less, and the scale cannot exceed it.
  if (precision < 1 || precision > 38 || scale > precision) {
    throw new ParquetError(
      'PARQUET_UNSUPPORTED_TYPE',
      `${type}: precision must be 1..38 and scale ≤ precision`,
    );
  }
  return { precision, scale };
}

/** 10^0 … 10^38, the exclusive bound of each precision's unscaled values, computed once. */
const POWERS_OF_TEN = Array.from({ length: 39 }, (_, p) => 10n ** BigInt(p));

/**
 * Exact decimal text (LakeRow representation, e.g. "-12.5") → its unscaled value at the type's
 * scale (-1250n for decimal(12, 2)). Text with more fractional digits than the scale, or more
 * digits than the precision, does not fit the type and is refused rather than rounded.
 */
export function unscaledDecimal(text: string, { precision, scale }: DecimalSpec, field: string): bigint {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) throw new ParquetError('PARQUET_BAD_VALUE', `${field}: "${text}" is not decimal text`);
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > scale) {
    throw new ParquetError('PARQUET_BAD_VALUE', `${field}: "${text}" has more than ${scale} decimals`);
  }
  const unscaled = BigInt(whole + fraction.padEnd(scale, '0'));
  if (unscaled >= (POWERS_OF_TEN[precision] ?? 10n ** BigInt(precision))) {
    throw new ParquetError('PARQUET_BAD_VALUE', `${field}: "${text}" has more than ${precision} digits`);
  }
  return sign === '-' ? -unscaled : unscaled;
}

/** An unscaled value → decimal text with exactly `scale` decimals ("-12.50"). */
export function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const text = scale === 0 ? whole : `${whole}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/**
 * The fewest bytes whose two's complement holds every unscaled value of the precision, as the
 * Iceberg spec's Parquet appendix asks for decimals stored as fixed (9 bytes for precision 19..21,
 * 16 for 38).
 */
export function decimalFixedLength(precision: number): number {
  const largest = 10n ** BigInt(precision) - 1n;
  let bytes = 1;
  while (largest > 2n ** BigInt(8 * bytes - 1) - 1n) bytes += 1;
  return bytes;
}

/** Big-endian two's complement bytes (Parquet FIXED_LEN_BYTE_ARRAY DECIMAL) → unscaled value. */
export function unscaledFromBytes(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  const bits = BigInt(bytes.length * 8);
  return bytes.length > 0 && (bytes[0] ?? 0) >= 0x80 ? value - (1n << bits) : value;
}
