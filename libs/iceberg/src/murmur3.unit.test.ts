import { murmur3x86 } from './murmur3';
import { bucketOf } from './partition';

const utf8 = (s: string) => new TextEncoder().encode(s);
const long8 = (n: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, n, true);
  return b;
};

describe('murmur3x86', () => {
  // The spec's own test vectors (Appendix B).
  it.each([
    ['int/long 34', long8(34n), 2017239379],
    ['string iceberg', utf8('iceberg'), 1210000089],
  ])('%s', (_name, bytes, expected) => {
    expect(murmur3x86(bytes)).toBe(expected);
  });

  it('hashes a date the way it hashes its day count as a long (spec: date 2017-11-16 → -653330422)', () => {
    expect(murmur3x86(long8(17486n))).toBe(-653330422);
  });

  it('hashes a timestamp by its microseconds (spec: 2017-11-16T22:31:08 → -2047944441)', () => {
    expect(murmur3x86(long8(1510871468000000n))).toBe(-2047944441);
  });

  it('covers every tail length', () => {
    const seen = new Set([1, 2, 3, 4, 5].map((n) => murmur3x86(utf8('abcde'.slice(0, n)))));
    expect(seen.size).toBe(5);
  });

  it('buckets are non-negative and below N', () => {
    for (let i = -50n; i < 50n; i++) {
      const b = bucketOf({ type: 'long', value: i }, 7);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(7);
    }
  });
});
