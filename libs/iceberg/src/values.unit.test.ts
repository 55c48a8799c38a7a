import { singleValueBytes } from './values';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('single-value serialisation (spec Appendix D)', () => {
  it.each([
    ['int', 1, '01000000'],
    ['date', -1, 'ffffffff'],
    ['long', 34n, '2200000000000000'],
    ['timestamptz', -2n, 'feffffffffffffff'],
    ['timestamp', 256n, '0001000000000000'],
    ['boolean', true, '01'],
    ['string', 'é', 'c3a9'],
    ['double', 1.5, '000000000000f83f'],
    ['decimal(12, 2)', '12.34', '04d2'],
    ['decimal(12, 2)', '-0.01', 'ff'],
    ['decimal(12, 2)', '1.28', '0080'],
  ] as const)('%s %p → %s', (type, value, expected) => {
    expect(hex(singleValueBytes(type, value))).toBe(expected);
  });

  it('refuses a decimal with more fraction digits than its scale rather than rounding it', () => {
    expect(() => singleValueBytes('decimal(12, 2)', '1.234')).toThrow(/decimals/);
  });
});
