import {
  addDecimals,
  compareDecimals,
  decimal,
  formatDecimal,
  integerDecimal,
  multiplyDecimals,
  negateDecimal,
  parseDecimal,
} from './decimal';

const d = (text: string) => decimal(text);
const sum = (...texts: string[]) => formatDecimal(texts.map(d).reduce(addDecimals));

describe('exact decimals', () => {
  it('parses plain notation only', () => {
    expect(parseDecimal('12.30')).toEqual({ units: 1230n, scale: 2 });
    expect(parseDecimal('-0.05')).toEqual({ units: -5n, scale: 2 });
    expect(parseDecimal('7')).toEqual({ units: 7n, scale: 0 });
    for (const text of [
      '',
      '.5',
      '5.',
      '+1.00',
      '1e3',
      '1,00',
      ' 1.00',
      '1.00 ',
      '--1',
      'NaN',
      'Infinity',
      '0x10',
    ]) {
      expect(parseDecimal(text)).toBeUndefined();
    }
  });

  it('treats "0.10" and "0.1" as the same number', () => {
    expect(compareDecimals(d('0.10'), d('0.1'))).toBe(0);
    expect(compareDecimals(d('-0.00'), d('0'))).toBe(0);
    expect(compareDecimals(d('0.1'), d('0.09'))).toBe(1);
    expect(compareDecimals(d('-1.5'), d('-1.49'))).toBe(-1);
  });

  it('adds and multiplies without rounding', () => {
    expect(sum('0.1', '0.2')).toBe('0.3');
    expect(sum('0.10', '0.2')).toBe('0.30');
    expect(sum('9999999999.99', '0.01')).toBe('10000000000.00');
    expect(sum('90071992547409.91', '0.01')).toBe('90071992547409.92'); // 2^53 + 1 cents
    expect(sum('1.00', '-1.25')).toBe('-0.25');
    expect(formatDecimal(multiplyDecimals(d('3'), d('513.99')))).toBe('1541.97');
    expect(formatDecimal(multiplyDecimals(d('0.10'), d('0.10')))).toBe('0.0100');
    expect(formatDecimal(negateDecimal(d('0.05')))).toBe('-0.05');
  });

  it('formats with exactly the scale it carries', () => {
    expect(formatDecimal({ units: 5n, scale: 2 })).toBe('0.05');
    expect(formatDecimal({ units: -123n, scale: 3 })).toBe('-0.123');
    expect(formatDecimal({ units: 42n, scale: 0 })).toBe('42');
  });

  it('takes INT as number and BIGINT as bigint, but not fractions or unsafe numbers', () => {
    expect(integerDecimal(3)).toEqual({ units: 3n, scale: 0 });
    expect(integerDecimal(2n ** 63n - 1n)).toEqual({ units: 2n ** 63n - 1n, scale: 0 });
    expect(integerDecimal(1.5)).toBeUndefined();
    expect(integerDecimal(2 ** 53)).toBeUndefined();
    expect(integerDecimal(Number.NaN)).toBeUndefined();
  });

  it('refuses a malformed literal in the catalog at load time', () => {
    expect(() => decimal('0,5')).toThrow(/not a plain decimal literal/);
    expect(() => decimal(0.5)).toThrow(/not a plain decimal literal/);
  });
});
