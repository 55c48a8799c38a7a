import { decimalText, fromTwosComplement } from '@lakestream/schemas';
import { DecodeError } from './errors';

/**
 * Exact DECIMAL handling. The canonical value is plain decimal text with exactly the column's
 * scale ("12.30", "-0.05", "0.00012345"); no value ever passes through a JS double.
 */

/**
 * Kafka Connect `org.apache.kafka.connect.data.Decimal`: the unscaled value as big-endian two's
 * complement bytes, the scale in the schema's `scale` parameter (Kafka Connect Decimal javadoc;
 * Debezium `decimal.handling.mode=precise`).
 */
export function decimalFromUnscaledBytes(bytes: Uint8Array, scale: number, what: string): string {
  if (bytes.length === 0)
    throw new DecodeError('DECODE_BAD_VALUE', `${what}: a Decimal has at least one byte`);
  return decimalText(fromTwosComplement(bytes), scale);
}

/** JsonConverter writes Decimal bytes as base64 (its default `decimal.format=BASE64`). */
export function decimalFromBase64(text: string, scale: number, what: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new DecodeError(
      'DECODE_BAD_VALUE',
      `${what}: ${JSON.stringify(text)} is not base64 Decimal bytes (is the column's decimal text sent as a string? set the hint's strings to 'text')`,
    );
  }
  return decimalFromUnscaledBytes(Buffer.from(text, 'base64'), scale, what);
}

const LOOSE_DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Decimal text ("12.3", "-1e-8", "0012.300") → canonical text with exactly `scale` decimals.
 * Pads with zeros; refuses to drop a non-zero digit, since that would change the value.
 */
export function decimalFromText(text: string, scale: number, what: string): string {
  const m = LOOSE_DECIMAL.exec(text.trim());
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  if (!m || (intPart === '' && fracPart === '')) {
    throw new DecodeError('DECODE_BAD_VALUE', `${what}: ${JSON.stringify(text)} is not a decimal number`);
  }
  const exponent = Number(m[4] ?? '0');
  let unscaled = BigInt(`${intPart}${fracPart}` || '0');
  // value = unscaled × 10^(exponent − fracPart.length); we want it × 10^scale.
  const shift = scale + exponent - fracPart.length;
  if (shift >= 0) {
    unscaled *= 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    if (unscaled % divisor !== 0n) {
      throw new DecodeError(
        'DECODE_BAD_VALUE',
        `${what}: ${text} has more decimals than the column's scale ${scale}`,
      );
    }
    unscaled /= divisor;
  }
  return decimalText(m[1] === '-' ? -unscaled : unscaled, scale);
}

/** Number of significant integer+fraction digits of canonical text, to check a column's precision. */
export function checkPrecision(canonical: string, precision: number | null, what: string): string {
  if (precision === null) return canonical;
  const digits = canonical
    .replace(/^-/, '')
    .replace('.', '')
    .replace(/^0+(?=\d)/, '');
  if (digits.length > precision) {
    throw new DecodeError('DECODE_BAD_VALUE', `${what}: ${canonical} has more than ${precision} digits`);
  }
  return canonical;
}
