import { ParquetError } from '../errors';

// Iceberg's `decimal(P, S)` type. Decimal text, unscaled values and their two's-complement bytes are
// @lakestream/schemas' (one implementation for every package); only the type syntax is Iceberg's.

/** Precision and scale of an Iceberg `decimal(P, S)` type string. */
export interface DecimalSpec {
  precision: number;
  scale: number;
}

const DECIMAL_TYPE = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/;

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
