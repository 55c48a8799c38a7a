import { compareBytes, compareFloat, compareUtf8 } from './order';

const utf8Order = (a: string, b: string) => compareBytes(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const sign = (n: number) => Math.sign(n);

describe('compareUtf8', () => {
  it('orders by UTF-8 bytes, not by UTF-16 units', () => {
    expect(compareUtf8('Z', 'a')).toBeLessThan(0);
    expect(compareUtf8('a', 'é')).toBeLessThan(0);
    // U+FF21 (3 UTF-8 bytes) is below U+1F600 (4 bytes), though its UTF-16 unit is above 0xD83D.
    expect('\u{1F600}' < '\uFF21').toBe(true);
    expect(compareUtf8('\uFF21', '\u{1F600}')).toBeLessThan(0);
    expect(compareUtf8('ab', 'abc')).toBeLessThan(0);
    expect(compareUtf8('same', 'same')).toBe(0);
  });

  it('agrees with a byte comparison of the encoded strings', () => {
    const samples = [
      '',
      'a',
      'Z',
      'é',
      'ü',
      '\uD7FF',
      '\uE000',
      '\uFFFF',
      '\u{10000}',
      '\u{1F600}',
      'a\u{1F600}',
      'a\uFFFD',
    ];
    for (const left of samples) {
      for (const right of samples) {
        expect([left, right, sign(compareUtf8(left, right))]).toEqual([
          left,
          right,
          sign(utf8Order(left, right)),
        ]);
      }
    }
  });
});

describe('compareFloat', () => {
  it('puts -0 below 0', () => {
    expect(compareFloat(-0, 0)).toBeLessThan(0);
    expect(compareFloat(0, -0)).toBeGreaterThan(0);
    expect(compareFloat(-0, -0)).toBe(0);
    expect(compareFloat(-1, 2)).toBeLessThan(0);
  });
});
