/**
 * DECIMAL(p,s) values as plain text (`"12.30"`, `"-0.50"`): the canonical TypeScript value of a decimal
 * column everywhere in Lakestream (README, Row values), from the Avro contracts to the lake's Parquet
 * files and bounds. Text, because a JS number cannot hold DECIMAL(18,8) exactly. This is the one
 * implementation; every package imports it from `@lakestream/schemas`.
 */

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** 10^0 … 10^38: the exclusive bound of each precision's unscaled values, computed once. */
const POWERS_OF_TEN = Array.from({ length: 39 }, (_, p) => 10n ** BigInt(p));
const POWERS_OF_TEN_NUMBER = Array.from({ length: 16 }, (_, p) => 10 ** p);

/**
 * The unscaled integer of `text` at `scale` (`"12.3"` at scale 2 → 1230n). The text is plain notation:
 * an optional `-`, digits, and optionally a point and digits (fewer decimals than the scale are padded,
 * leading zeros are allowed). Rejects, rather than rounds, a value with more decimals than the scale or
 * more digits than the precision: rounding a money amount is a business decision, not the serializer's.
 * Throws a TypeError for text that is not a decimal, a RangeError for one that does not fit.
 */
export function unscaledDecimal(text: string, precision: number, scale: number): bigint {
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) {
    throw new TypeError(`${JSON.stringify(text)} is not a decimal in plain notation, like "-12.30"`);
  }
  const [, sign = '', whole = '', fraction = ''] = match;
  // Up to 15 digits a double holds the integer exactly, and parsing it is much cheaper than BigInt's.
  if (fraction.length <= scale && whole.length + scale <= 15) {
    const small = Number(whole + fraction.padEnd(scale, '0'));
    if (precision > 15 || small < (POWERS_OF_TEN_NUMBER[precision] ?? 0)) {
      return BigInt(sign === '-' ? -small : small);
    }
  }
  if (fraction.length > scale) {
    throw new RangeError(
      `${text} does not fit decimal(${precision},${scale}): ${fraction.length} decimals, at most ${scale}`,
    );
  }
  const unscaled = BigInt(whole + fraction.padEnd(scale, '0'));
  if (unscaled >= (POWERS_OF_TEN[precision] ?? 10n ** BigInt(precision))) {
    throw new RangeError(
      `${text} does not fit decimal(${precision},${scale}): ${unscaled.toString().length} digits, at most ${precision}`,
    );
  }
  return sign === '-' ? -unscaled : unscaled;
}

/** `unscaled` × 10^-scale as plain text with exactly `scale` decimals (1230n at scale 2 → `"12.30"`). */
export function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}
