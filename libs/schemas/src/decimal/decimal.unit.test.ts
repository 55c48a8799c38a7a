import { decimalText, fromTwosComplement, toTwosComplement, twosComplementLength, unscaledDecimal } from '.';

describe('decimal text', () => {
  it.each([
    ['-12.5', 12, 2, -1250n],
    ['-12.50', 12, 2, -1250n],
    ['0', 12, 2, 0n],
    ['0.01', 12, 2, 1n],
    ['007.10', 12, 2, 710n],
    ['9999999999.99', 12, 2, 999999999999n],
    ['-0.00', 12, 2, 0n],
    ['0.99999', 5, 5, 99999n],
    [`-${'9'.repeat(28)}.${'9'.repeat(10)}`, 38, 10, -(10n ** 38n - 1n)],
  ])('%s is %p unscaled in decimal(%p, %p)', (text, precision, scale, unscaled) => {
    expect(unscaledDecimal(text, precision, scale)).toBe(unscaled);
  });

  it.each(['1e3', '', ' 1', '1.', '.5', 'NaN', '+0.01', '12,30', '--1'])(
    'refuses "%s" as not decimal text',
    (text) => {
      expect(() => unscaledDecimal(text, 12, 2)).toThrow(TypeError);
      expect(() => unscaledDecimal(text, 12, 2)).toThrow(/plain notation/);
    },
  );

  it('refuses more decimals than the scale and more digits than the precision, rather than rounding', () => {
    expect(() => unscaledDecimal('1.234', 12, 2)).toThrow(
      new RangeError('1.234 does not fit decimal(12,2): 3 decimals, at most 2'),
    );
    expect(() => unscaledDecimal('10000000000.00', 12, 2)).toThrow(
      new RangeError('10000000000.00 does not fit decimal(12,2): 13 digits, at most 12'),
    );
    expect(() => unscaledDecimal('-1.00000', 5, 5)).toThrow('6 digits, at most 5');
  });

  it.each([
    [-1250n, 2, '-12.50'],
    [-5n, 3, '-0.005'],
    [0n, 2, '0.00'],
    [42n, 0, '42'],
    [-1n, 8, '-0.00000001'],
    [-(10n ** 38n - 1n), 10, `-${'9'.repeat(28)}.${'9'.repeat(10)}`],
  ])('%p at scale %p is %s', (unscaled, scale, text) => {
    expect(decimalText(unscaled, scale)).toBe(text);
  });
});

describe('two’s-complement bytes', () => {
  it.each([
    [0n, '00'],
    [1230n, '04ce'],
    [127n, '7f'],
    [128n, '0080'],
    [65535n, '00ffff'],
    [-1n, 'ff'],
    [-128n, '80'],
    [-129n, 'ff7f'],
    [-(2n ** 63n), '8000000000000000'],
  ])('%s is %s, as Java BigInteger.toByteArray writes it', (value, hex) => {
    expect(toTwosComplement(value).toString('hex')).toBe(hex);
    expect(fromTwosComplement(Buffer.from(hex, 'hex'))).toBe(value);
  });

  it('reads sign-extended bytes with the same value, and no bytes as 0', () => {
    expect(fromTwosComplement(Buffer.from('ffff85', 'hex'))).toBe(-123n);
    expect(fromTwosComplement(Buffer.from('000001', 'hex'))).toBe(1n);
    expect(fromTwosComplement(new Uint8Array([0xff, 0xfb]))).toBe(-5n);
    expect(fromTwosComplement(new Uint8Array([]))).toBe(0n);
  });

  // The Iceberg spec's table of minimum bytes per precision for fixed decimals.
  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [9, 4],
    [18, 8],
    [19, 9],
    [21, 9],
    [22, 10],
    [38, 16],
  ])('precision %p needs %p bytes', (precision, bytes) => {
    expect(twosComplementLength(precision)).toBe(bytes);
  });
});

describe("two's complement fast path (six bytes and fewer)", () => {
  /** The plain BigInt algorithm, for comparison. */
  const reference = (value: bigint) => {
    let length = 1;
    while (value < -(1n << BigInt(8 * length - 1)) || value >= 1n << BigInt(8 * length - 1)) length++;
    const bytes = Buffer.alloc(length);
    let rest = BigInt.asUintN(8 * length, value);
    for (let i = length - 1; i >= 0; i--) {
      bytes[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    return bytes;
  };
  const edges = [0n, 1n, -1n, 127n, 128n, -128n, -129n, 255n, 256n, 32767n, 32768n, -32769n];
  for (let bits = 8n; bits <= 56n; bits += 1n)
    edges.push((1n << bits) - 1n, 1n << bits, -(1n << bits), -(1n << bits) - 1n);
  it.each(edges.map((v) => [String(v), v]))(
    '%s: the same bytes as the BigInt algorithm, read back the same',
    (_t, v) => {
      expect(toTwosComplement(v)).toEqual(reference(v));
      expect(fromTwosComplement(toTwosComplement(v))).toBe(v);
    },
  );
});
