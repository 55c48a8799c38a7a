import type { IcebergSchema, PrimitiveType } from '../types';
import { fieldPlans } from './fields';
import { decimalTextRefusal, shownValue, typeRefusal, valueRule } from './value-rules';

const rule = (type: PrimitiveType) => {
  const found = valueRule(type);
  if (!found) throw new Error(`no rule for ${type}`);
  return found;
};

const plans = new Map<PrimitiveType, ReturnType<typeof fieldPlans>[number] | undefined>();

/** Whether the encoder takes the value for a field of the type (what the rules must agree with). */
function encoderTakes(type: PrimitiveType, value: unknown): boolean {
  if (!plans.has(type)) {
    const schema: IcebergSchema = {
      type: 'struct',
      'schema-id': 0,
      fields: [{ id: 1, name: 'v', required: false, type }],
    };
    plans.set(type, fieldPlans(schema)[0]);
  }
  const plan = plans.get(type);
  try {
    plan?.toColumn(value);
    return true;
  } catch {
    return false;
  }
}

describe('value rules, type by type, at the boundaries', () => {
  it.each<[PrimitiveType, unknown[], unknown[]]>([
    ['boolean', [true, false], [0, 1, 'true', null, 1n]],
    ['int', [0, -(2 ** 31), 2 ** 31 - 1, -0], [2 ** 31, -(2 ** 31) - 1, 1.5, 1n, '1', Number.NaN, Infinity]],
    ['date', [0, -(2 ** 31), 2 ** 31 - 1], [2 ** 31, 0.5, 1n, new Date(0)]],
    ['long', [0n, -(2n ** 63n), 2n ** 63n - 1n], [2n ** 63n, -(2n ** 63n) - 1n, 1, '1']],
    ['timestamp', [0n, 2n ** 63n - 1n, -(2n ** 63n)], [2n ** 63n, 1_700_000_000_000, new Date(0)]],
    ['timestamptz', [-1n, 9_223_372_036_854_775_807n], [9_223_372_036_854_775_808n, 1.5]],
    ['float', [0, -0, 1.5, Number.NaN, Infinity, 3.5e38], [1n, '1.5', null]],
    ['double', [0, Number.MAX_VALUE, Number.NaN, -Infinity], [1n, '1.5']],
    ['string', ['', 'a', '\u{1F600}', '\uFFFD'], [1, 1n, new Uint8Array(1), null]],
    ['binary', [new Uint8Array(0), Buffer.from('abc')], ['abc', [1, 2], new ArrayBuffer(2)]],
  ])('%s: takes what the encoder takes, refuses what it refuses', (type, good, bad) => {
    const check = rule(type);
    for (const value of good) {
      expect([shownValue(value), check(value)]).toEqual([shownValue(value), undefined]);
      expect(encoderTakes(type, value)).toBe(true);
    }
    for (const value of bad) {
      expect([shownValue(value), typeof check(value)]).toEqual([shownValue(value), 'string']);
      expect(encoderTakes(type, value)).toBe(false);
    }
  });

  it.each([
    ['decimal(12, 2)', '9999999999.99', 'at most 12 digits', '10000000000.00'],
    ['decimal(12, 2)', '-9999999999.99', 'at most 12 digits', '-10000000000'],
    ['decimal(12, 2)', '0000000000009999999999.9', 'at most 2 decimals', '1.001'],
    ['decimal(5, 5)', '0.99999', 'at most 5 digits', '1.0'],
    ['decimal(5, 5)', '-0.00001', 'at most 5 decimals', '0.000001'],
    ['decimal(1, 0)', '9', 'at most 1 digits', '10'],
    ['decimal(38, 0)', '9'.repeat(38), 'at most 38 digits', `1${'0'.repeat(38)}`],
    ['decimal(18, 8)', '1.5', 'decimal text', '+1.5'],
  ] as const)('%s takes %s and refuses with "%s": %s', (type, good, reason, bad) => {
    expect(rule(type)(good)).toBeUndefined();
    expect(encoderTakes(type, good)).toBe(true);
    expect(rule(type)(bad)).toBe(reason);
    expect(encoderTakes(type, bad)).toBe(false);
  });

  it('refuses decimal values that are not text, as the encoder does', () => {
    for (const value of [1.5, 15n, null, new Uint8Array([1])]) {
      expect(rule('decimal(9, 2)')(value)).toBe('decimal text');
      expect(encoderTakes('decimal(9, 2)', value)).toBe(false);
    }
  });

  it('has no rule, and a reason, for a type no data file can hold', () => {
    expect(typeRefusal('decimal(39, 2)')).toMatch(/precision must be 1\.\.38/);
    expect(typeRefusal('decimal(5, 6)')).toMatch(/scale ≤ precision/);
    expect(typeRefusal('uuid' as PrimitiveType)).toBe('no Parquet mapping for uuid');
    expect(valueRule('decimal(39, 2)')).toBeUndefined();
    expect(typeRefusal('decimal(38, 38)')).toBeUndefined();
    expect(typeRefusal('timestamptz')).toBeUndefined();
  });
});

describe('decimal text, against the encoder on many generated texts', () => {
  // A small deterministic generator (mulberry32): the same texts on every run.
  function random(seed: number) {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const ALPHABET = '0000123456789..-+ e';

  it('refuses exactly what unscaledDecimal refuses', () => {
    const next = random(7);
    const specs = [
      { precision: 1, scale: 0 },
      { precision: 5, scale: 3 },
      { precision: 12, scale: 2 },
      { precision: 18, scale: 8 },
      { precision: 38, scale: 10 },
    ];
    let refused = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const digits = (count: number) => {
        let out = '';
        for (let c = 0; c < count; c += 1) out += String(Math.floor(next() * (c === 0 ? 3 : 10)));
        return out;
      };
      let text = '';
      if (i % 2 === 0) {
        // Any characters: mostly not decimal text at all.
        const length = Math.floor(next() * 16);
        for (let c = 0; c < length; c += 1) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
      } else {
        // Decimal-shaped, around the digit and scale limits (leading zeros included).
        const sign = ['', '-', '+'][Math.floor(next() * 3)] as string;
        const fraction = Math.floor(next() * 12);
        text = `${sign}${digits(1 + Math.floor(next() * 40))}${fraction > 0 ? `.${digits(fraction)}` : ''}`;
      }
      const spec = specs[i % specs.length] as { precision: number; scale: number };
      const type = `decimal(${spec.precision}, ${spec.scale})` as PrimitiveType;
      const reason = decimalTextRefusal(text, spec);
      if (reason) refused += 1;
      if ((reason === undefined) !== encoderTakes(type, text)) disagreements.push(`${type} ${text}`);
    }
    expect(disagreements).toEqual([]);
    // Both outcomes are exercised, not just one.
    expect(refused).toBeGreaterThan(10_000);
    expect(refused).toBeLessThan(19_000);
  });
});
