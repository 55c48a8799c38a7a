import { decimalText } from '@lakestream/schemas';

// Money stays exact (libs/schemas README, Row values): derived amounts are products of decimals,
// computed on unscaled bigints at the sum of the scales, so nothing is rounded. A derived column's
// scale is chosen to hold that product (avro/derived), and a value that does not fit is refused.

/** A decimal as its unscaled integer and scale: `"12.30"` → { unscaled: 1230n, scale: 2 }. */
export interface Exact {
  readonly unscaled: bigint;
  readonly scale: number;
}

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

export function exact(text: string): Exact {
  const match = PLAIN.exec(text);
  if (!match) throw new TypeError(`${JSON.stringify(text)} is not a decimal in plain notation`);
  const [, sign = '', whole = '', fraction = ''] = match;
  const unscaled = BigInt(whole + fraction);
  return { unscaled: sign === '-' ? -unscaled : unscaled, scale: fraction.length };
}

export const exactInt = (value: number | bigint): Exact => ({ unscaled: BigInt(value), scale: 0 });

export const times = (a: Exact, b: Exact): Exact => ({
  unscaled: a.unscaled * b.unscaled,
  scale: a.scale + b.scale,
});

export function minus(a: Exact, b: Exact): Exact {
  const scale = Math.max(a.scale, b.scale);
  return { unscaled: rescaled(a, scale) - rescaled(b, scale), scale };
}

/** Plain text with exactly `scale` decimals; refuses to drop a non-zero digit (that would round). */
export function text(value: Exact, scale: number): string {
  return decimalText(rescaled(value, scale), scale);
}

function rescaled({ unscaled, scale }: Exact, to: number): bigint {
  if (to >= scale) return unscaled * 10n ** BigInt(to - scale);
  const factor = 10n ** BigInt(scale - to);
  if (unscaled % factor !== 0n) throw new RangeError(`${unscaled}e-${scale} needs more than ${to} decimals`);
  return unscaled / factor;
}
