/**
 * Iceberg bounds order strings by their UTF-8 bytes, unsigned (spec "Appendix D: Single-value
 * serialization" stores them as UTF-8; Parquet orders BYTE_ARRAY UTF8 the same way). That is code
 * point order, which JavaScript's `<` is not: it compares UTF-16 units, putting U+10000 and above
 * (surrogate pairs) before U+E000..U+FFFF.
 */
export function compareUtf8(left: string, right: string): number {
  if (left === right) return 0;
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i += 1) {
    const a = left.charCodeAt(i);
    const b = right.charCodeAt(i);
    if (a === b) continue;
    // Below the surrogates, or both in them, code units already order as code points do.
    const aSurrogate = a >= 0xd800 && a <= 0xdfff;
    const bSurrogate = b >= 0xd800 && b <= 0xdfff;
    if (aSurrogate === bSurrogate) return a - b;
    // One side is above U+FFFF (4 UTF-8 bytes) unless the other is below U+D800.
    const other = aSurrogate ? b : a;
    if (other < 0xd800) return a - b;
    return aSurrogate ? 1 : -1;
  }
  return left.length - right.length;
}

/** Unsigned lexicographic byte order, as Iceberg bounds and Parquet order binary. */
export function compareBytes(left: Uint8Array, right: Uint8Array): number {
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i += 1) {
    const a = left[i] ?? 0;
    const b = right[i] ?? 0;
    if (a !== b) return a - b;
  }
  return left.length - right.length;
}

export function compareNatural<T extends number | bigint | boolean>(left: T, right: T): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Number order with -0 below 0, as Iceberg's bounds (Java's Double.compare) have it. */
export function compareFloat(left: number, right: number): number {
  if (left === right) return (Object.is(right, -0) ? 1 : 0) - (Object.is(left, -0) ? 1 : 0);
  return left < right ? -1 : 1;
}
