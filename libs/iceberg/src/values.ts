import { toTwosComplement, unscaledDecimal } from '@lakestream/schemas';
import { IcebergError } from './errors';
import { decimalSpec } from './parquet/decimal';
import type { PrimitiveType } from './types';

// The byte forms the spec defines for single values (bounds, partition summaries, bucket hashing).

const utf8 = new TextEncoder();

/** A value's single-value binary serialisation, as lower/upper bounds hold it (spec Appendix D). */
export function singleValueBytes(type: PrimitiveType, value: unknown): Uint8Array {
  const fixed = (size: number, write: (view: DataView) => void) => {
    const bytes = new Uint8Array(size);
    write(new DataView(bytes.buffer));
    return bytes;
  };
  switch (type) {
    case 'boolean':
      return Uint8Array.of(value ? 1 : 0);
    case 'int':
    case 'date':
      return fixed(4, (v) => v.setInt32(0, Number(value), true));
    case 'long':
    case 'timestamp':
    case 'timestamptz':
      return fixed(8, (v) => v.setBigInt64(0, BigInt(value as bigint | number), true));
    case 'float':
      return fixed(4, (v) => v.setFloat32(0, Number(value), true));
    case 'double':
      return fixed(8, (v) => v.setFloat64(0, Number(value), true));
    case 'string':
      return utf8.encode(String(value));
    case 'binary':
      return value as Uint8Array;
    default: {
      const decimal = decimalSpec(type);
      if (!decimal) throw new IcebergError('ICEBERG_UNSUPPORTED', `no single-value form for ${type}`);
      // Two's complement, big-endian, in the fewest bytes that hold the unscaled value.
      return toTwosComplement(unscaledDecimal(String(value), decimal.precision, decimal.scale));
    }
  }
}
