// 32-bit Murmur3 (x86 variant, seed 0): the hash the spec's bucket transform is defined on
// (spec "Appendix B: 32-bit Hash Requirements"). Engines prune buckets with it, so it must match bit
// for bit, including the sign of the result.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

const mixK = (k: number): number =>
  Math.imul(((Math.imul(k, C1) << 15) | (Math.imul(k, C1) >>> 17)) >>> 0, C2);

/** The signed 32-bit hash of the bytes, as Java's Guava `murmur3_32_fixed` returns it. */
export function murmur3x86(bytes: Uint8Array): number {
  let h = 0;
  const whole = bytes.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    const k =
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24);
    h ^= mixK(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = bytes.length & 3;
  if (rest > 0) {
    let tail = 0;
    for (let i = rest - 1; i >= 0; i -= 1) tail = (tail << 8) | (bytes[whole + i] as number);
    h ^= mixK(tail);
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
