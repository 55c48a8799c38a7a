/**
 * Exact decimal arithmetic for DECIMAL(p,s) values, which arrive as plain-notation strings ("12.30").
 * A decimal is an integer count of 10^-scale units held in a bigint, so "0.1" + "0.2" is exactly
 * "0.3" and "0.10" equals "0.1": floating point cannot promise either, and a money rule that is off
 * by a rounding error would dead-letter good invoices or pass bad ones.
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

// Plain notation only, as the README's canonical row values: no exponent, no "+", no ".5" or "5.".
const plain = /^(-?)(\d+)(?:\.(\d+))?$/;

export function parseDecimal(text: string): Decimal | undefined {
  const match = plain.exec(text);
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  return { units: BigInt(`${sign}${whole}${fraction}`), scale: fraction.length };
}

/** An INT/BIGINT column (number or bigint) as a decimal of scale 0; undefined if not an integer. */
export function integerDecimal(value: number | bigint): Decimal | undefined {
  if (typeof value === 'bigint') return { units: value, scale: 0 };
  return Number.isSafeInteger(value) ? { units: BigInt(value), scale: 0 } : undefined;
}

/** Parses a literal written in the rule catalog; a bad one is a bug, so it throws at load time. */
export function decimal(literal: string | number): Decimal {
  const parsed = typeof literal === 'number' ? integerDecimal(literal) : parseDecimal(literal);
  if (!parsed) throw new Error(`not a plain decimal literal: ${JSON.stringify(literal)}`);
  return parsed;
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x === y ? 0 : x < y ? -1 : 1;
}

export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function negateDecimal(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale };
}

export function multiplyDecimals(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** Plain notation with exactly `scale` decimals: { units: -5n, scale: 2 } → "-0.05". */
export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = d.scale > 0 ? `.${digits.slice(digits.length - d.scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
