import { decimalFixedLength, decimalSpec, decimalText, unscaledDecimal, unscaledFromBytes } from './decimal';
import { ParquetError } from './errors';

describe('decimal text', () => {
  const d12 = { precision: 12, scale: 2 };

  it.each([
    ['-12.5', -1250n],
    ['-12.50', -1250n],
    ['0', 0n],
    ['+0.01', 1n],
    ['9999999999.99', 999999999999n],
    ['-0.00', 0n],
  ])('%s is %p at scale 2', (text, unscaled) => {
    expect(unscaledDecimal(text, d12, 'amount')).toBe(unscaled);
  });

  it.each(['1.234', '10000000000.00', '1e3', '', ' 1', '1.', '.5', 'NaN'])('refuses "%s"', (text) => {
    expect(() => unscaledDecimal(text, d12, 'amount')).toThrow(
      expect.objectContaining({ code: 'PARQUET_BAD_VALUE', canRetry: false }),
    );
  });

  it.each([
    [-1250n, 2, '-12.50'],
    [-5n, 3, '-0.005'],
    [0n, 2, '0.00'],
    [42n, 0, '42'],
    [-(10n ** 38n - 1n), 10, `-${'9'.repeat(28)}.${'9'.repeat(10)}`],
  ])('%p at scale %p is %s', (unscaled, scale, text) => {
    expect(decimalText(unscaled, scale)).toBe(text);
  });
});

describe('decimal types', () => {
  it('reads precision and scale, and refuses what the spec does not allow', () => {
    expect(decimalSpec('decimal(12, 2)')).toEqual({ precision: 12, scale: 2 });
    expect(decimalSpec('decimal(38,0)')).toEqual({ precision: 38, scale: 0 });
    expect(decimalSpec('string')).toBeUndefined();
    expect(() => decimalSpec('decimal(39, 2)')).toThrow(ParquetError);
    expect(() => decimalSpec('decimal(4, 5)')).toThrow(ParquetError);
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
    expect(decimalFixedLength(precision)).toBe(bytes);
  });

  it('reads big-endian two’s complement', () => {
    expect(unscaledFromBytes(new Uint8Array([0xff, 0xfb]))).toBe(-5n);
    expect(unscaledFromBytes(new Uint8Array([0x00, 0xff]))).toBe(255n);
    expect(unscaledFromBytes(new Uint8Array([0x80]))).toBe(-128n);
    expect(unscaledFromBytes(new Uint8Array([]))).toBe(0n);
  });
});
