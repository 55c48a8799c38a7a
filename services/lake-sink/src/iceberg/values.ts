import type { DecimalType, PrimitiveType } from './types';

// Conversions between the sink's LakeRow values and the byte forms the spec defines for them.

export interface DecimalShape {
  precision: number;
  scale: number;
}

export function decimalShape(type: DecimalType | PrimitiveType): DecimalShape | undefined {
  const match = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  if (!match) return undefined;
  return { precision: Number(match[1]), scale: Number(match[2]) };
}

/** "-12.5" at scale 2 → -1250n. Refuses text with more fraction digits than the scale (no rounding). */
export function unscaledDecimal(text: string, scale: number): bigint {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  }
  const fraction = match[3] ?? '';
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) {
    throw new Error(`${text} has more than ${scale} fraction digits`);
  }
  const digits = `${match[2] || '0'}${fraction.slice(0, scale).padEnd(scale, '0')}`;
  const magnitude = BigInt(digits);
  return match[1] === '-' ? -magnitude : magnitude;
}

/** The unscaled value as text at the given scale: 1250n, 2 → "12.50". */
export function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** Two's-complement, big-endian, in the fewest bytes that hold the value (spec Appendix D, decimal). */
export function minimalTwosComplement(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(rest & 0xffn);
    bytes.unshift(byte);
    rest >>= 8n;
    const signBitSet = (byte & 0x80) !== 0;
    if ((rest === 0n && !signBitSet) || (rest === -1n && signBitSet)) break;
  }
  return Uint8Array.from(bytes);
}

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
      const shape = decimalShape(type);
      if (!shape) throw new Error(`no single-value form for ${type}`);
      return minimalTwosComplement(unscaledDecimal(String(value), shape.scale));
    }
  }
}
