import { checkPrecision, decimalFromBase64, decimalFromText, decimalFromUnscaledBytes } from './decimal';
import { DecodeError } from './errors';
import { hintsFromRowSchema, tableSpecFromRowSchema } from './hints';
import { daysFromCivil, epochToMicros, parseIsoDate, parseIsoInstant } from './temporal';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof DecodeError ? err.code : `not a DecodeError: ${String(err)}`;
  }
  return 'no error';
};

describe('decimals', () => {
  it('reads big-endian two’s complement unscaled bytes with the scale', () => {
    expect(decimalFromUnscaledBytes(Buffer.from([0x01, 0x8c, 0x75]), 2, 'x')).toBe('1014.93');
    expect(decimalFromUnscaledBytes(Buffer.from([0xfb]), 2, 'x')).toBe('-0.05');
    expect(decimalFromUnscaledBytes(Buffer.from([0x00]), 2, 'x')).toBe('0.00');
    expect(decimalFromUnscaledBytes(Buffer.from([0x80, 0x00]), 0, 'x')).toBe('-32768');
    expect(decimalFromBase64('40Fm5ew=', 2, 'x')).toBe('-1234567890.12');
    // DECIMAL(18,8): the largest value and a small fx rate.
    const max = 999999999999999999n;
    const bytes = Buffer.from(max.toString(16).padStart(16, '0'), 'hex');
    expect(decimalFromUnscaledBytes(bytes, 8, 'x')).toBe('9999999999.99999999');
    expect(decimalFromUnscaledBytes(Buffer.from([0x30, 0x39]), 8, 'x')).toBe('0.00012345');
  });

  it('normalises decimal text to the scale without dropping digits', () => {
    expect(decimalFromText('12.3', 2, 'x')).toBe('12.30');
    expect(decimalFromText('-0', 2, 'x')).toBe('0.00');
    expect(decimalFromText('1.2345E-4', 8, 'x')).toBe('0.00012345');
    expect(decimalFromText('1e3', 2, 'x')).toBe('1000.00');
    expect(decimalFromText('.5', 1, 'x')).toBe('0.5');
    expect(decimalFromText('12.300', 2, 'x')).toBe('12.30');
    expect(code(() => decimalFromText('12.345', 2, 'x'))).toBe('DECODE_BAD_VALUE');
    expect(code(() => decimalFromText('12,5', 2, 'x'))).toBe('DECODE_BAD_VALUE');
    expect(code(() => decimalFromText('.', 2, 'x'))).toBe('DECODE_BAD_VALUE');
    expect(code(() => decimalFromBase64('12.30', 2, 'x'))).toBe('DECODE_BAD_VALUE');
  });

  it('checks the column precision', () => {
    expect(checkPrecision('9999999999.99', 12, 'x')).toBe('9999999999.99');
    expect(checkPrecision('0.05', 12, 'x')).toBe('0.05');
    expect(code(() => checkPrecision('99999999999.99', 12, 'x'))).toBe('DECODE_BAD_VALUE');
  });
});

describe('times', () => {
  it('counts days like the proleptic Gregorian calendar', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2026, 12, 24)).toBe(20811);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(daysFromCivil(2000, 3, 1)).toBe(11017);
    expect(parseIsoDate('2099-12-31', 'x')).toBe(47481);
    expect(code(() => parseIsoDate('2026-02-29', 'x'))).toBe('DECODE_BAD_VALUE');
  });

  it('converts ms, µs and ns counts to µs, flooring and reporting what was dropped', () => {
    expect(epochToMicros(1795515330123n, 'ms', 'x')).toEqual({ us: 1795515330123000n, droppedNs: 0 });
    expect(epochToMicros(1795515330123456n, 'us', 'x')).toEqual({ us: 1795515330123456n, droppedNs: 0 });
    expect(epochToMicros(1795515330123456789n, 'ns', 'x')).toEqual({ us: 1795515330123456n, droppedNs: 789 });
    // Before 1970 the floor keeps order: -1 ns is in the microsecond before the epoch.
    expect(epochToMicros(-1n, 'ns', 'x')).toEqual({ us: -1n, droppedNs: 999 });
    expect(code(() => epochToMicros(2n ** 62n, 'ms', 'x'))).toBe('DECODE_BAD_VALUE');
  });

  it('parses ISO-8601 instants with any fraction and zone', () => {
    const us = (ms: number) => BigInt(ms) * 1000n;
    expect(parseIsoInstant('2026-08-26T16:00:00Z', 'x')).toEqual({
      droppedNs: 0,
      us: us(Date.UTC(2026, 7, 26, 16)),
    });
    expect(parseIsoInstant('2026-11-24T10:15:30.4Z', 'x').us).toBe(
      us(Date.UTC(2026, 10, 24, 10, 15, 30, 400)),
    );
    expect(parseIsoInstant('2026-11-24T12:15:30.456789+02:00', 'x').us).toBe(
      us(Date.UTC(2026, 10, 24, 10, 15, 30, 456)) + 789n,
    );
    expect(parseIsoInstant('2026-11-24T10:15:30.456789123Z', 'x')).toMatchObject({ droppedNs: 123 });
    expect(parseIsoInstant('0099-01-01T00:00:00Z', 'x').us).toBe(
      us(new Date('0099-01-01T00:00:00Z').getTime()),
    );
    expect(parseIsoInstant('1969-12-31T23:59:59.999999Z', 'x')).toMatchObject({ us: -1n, droppedNs: 0 });
    expect(code(() => parseIsoInstant('2026-11-24', 'x'))).toBe('DECODE_BAD_VALUE');
    expect(code(() => parseIsoInstant('2026-11-24T24:00:00Z', 'x'))).toBe('DECODE_BAD_VALUE');
  });
});

describe('hints from a row schema', () => {
  const row = {
    type: 'record',
    name: 'FxRatesRow',
    'lakestream.primaryKey': ['currency', 'rate_date'],
    fields: [
      { name: 'currency', type: 'string' },
      { name: 'rate_date', type: { type: 'int', logicalType: 'date' } },
      { name: 'rate_to_usd', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 8 } },
      {
        name: 'seen_at',
        type: ['null', { type: 'long', logicalType: 'local-timestamp-millis' }],
        default: null,
      },
      { name: 'created_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'active', type: 'boolean' },
      { name: 'qty', type: 'int' },
      { name: 'id', type: 'long' },
    ],
  };

  it('maps the README types back to column types', () => {
    expect(hintsFromRowSchema(row)).toEqual({
      currency: { kind: 'string' },
      rate_date: { kind: 'date' },
      rate_to_usd: { kind: 'decimal', scale: 8, precision: 18, strings: 'text' },
      seen_at: { kind: 'datetime', unit: 'ms' },
      created_at: { kind: 'timestamp' },
      active: { kind: 'boolean' },
      qty: { kind: 'int' },
      id: { kind: 'long' },
    });
  });

  it('takes the primary key from lakestream.primaryKey', () => {
    expect(tableSpecFromRowSchema(row).primaryKey).toEqual(['currency', 'rate_date']);
    expect(code(() => hintsFromRowSchema({ type: 'string' }))).toBe('DECODE_BAD_VALUE');
  });
});
