/**
 * DECIMAL(p,s) values as plain text with exactly s decimals (`"12.30"`, `"-0.50"`): the canonical
 * TypeScript value of a decimal column (README, Row values). Text, because a JS number cannot hold
 * DECIMAL(18,8) exactly.
 */

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The unscaled integer of `text` at `scale` (`"12.3"` at scale 2 → 1230n). Rejects, rather than rounds,
 * a value with more decimals than the scale or more digits than the precision: rounding a money amount
 * is a business decision, not the serializer's.
 */
export function unscaledDecimal(text: string, precision: number, scale: number): bigint {
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) {
    throw new TypeError(`${JSON.stringify(text)} is not a decimal in plain notation, like "-12.30"`);
  }
  const [, sign = '', whole = '', fraction = ''] = match;
  if (fraction.length > scale) {
    throw new RangeError(
      `${text} does not fit decimal(${precision},${scale}): ${fraction.length} decimals, at most ${scale}`,
    );
  }
  const digits = `${whole}${fraction.padEnd(scale, '0')}`.replace(/^0+(?=\d)/, '');
  if (digits.length > precision) {
    throw new RangeError(
      `${text} does not fit decimal(${precision},${scale}): ${digits.length} digits, at most ${precision}`,
    );
  }
  const unscaled = BigInt(digits);
  return sign === '-' ? -unscaled : unscaled;
}

/** `unscaled` × 10^-scale as plain text with exactly `scale` decimals (1230n at scale 2 → `"12.30"`). */
export function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}
