import * as avro from 'avsc';
import { bigintLong } from '../avro-long';
import { avroType } from './options';

const instant = avroType({ type: 'long', logicalType: 'timestamp-millis' });
const wallClock = avroType({ type: 'long', logicalType: 'local-timestamp-millis' });
const instantMicros = avroType({ type: 'long', logicalType: 'timestamp-micros' });
const wallClockMicros = avroType({ type: 'long', logicalType: 'local-timestamp-micros' });
const day = avroType({ type: 'int', logicalType: 'date' });
const long = avro.Type.forSchema('long', { registry: { long: bigintLong } });

// 2025-11-23T09:18:00.123456Z
const micros = BigInt(Date.UTC(2025, 10, 23, 9, 18, 0, 123)) * 1000n + 456n;

describe('timestamps: every kind decodes to epoch microseconds as a bigint', () => {
  it.each([
    [instant, 1_763_889_480_123_000n],
    [wallClock, 1_763_889_480_123_000n],
    [instantMicros, micros],
    [wallClockMicros, micros],
    [instantMicros, -1n],
    [instant, -1_000n],
    [instant, 0n],
  ])('round-trips %#', (type, value) => {
    expect(type.fromBuffer(type.toBuffer(value))).toBe(value);
  });

  it('stores millis schemas in milliseconds and micros schemas in microseconds, as the spec says', () => {
    expect(long.fromBuffer(instant.toBuffer(1_763_889_480_123_000n))).toBe(1_763_889_480_123n);
    expect(long.fromBuffer(instantMicros.toBuffer(micros))).toBe(micros);
    expect(instant.fromBuffer(long.toBuffer(1_763_889_480_123n))).toBe(1_763_889_480_123_000n);
  });

  it('keeps every digit of a wall clock in year 9999 (beyond 2^53 microseconds)', () => {
    const endOfTime = BigInt(Date.UTC(9999, 11, 31, 23, 59, 59, 999)) * 1000n + 999n;
    expect(wallClockMicros.fromBuffer(wallClockMicros.toBuffer(endOfTime))).toBe(endOfTime);
  });

  it('refuses to drop sub-millisecond digits under a millis schema', () => {
    expect(() => instant.toBuffer(micros)).toThrow('without dropping its sub-millisecond digits');
    expect(instant.isValid(micros)).toBe(false);
  });

  it.each([1.5, 1_763_889_480_123, '2025-11-23T09:18:00Z', new Date(0), null])(
    'refuses %p when encoding',
    (value) => {
      expect(() => instantMicros.toBuffer(value)).toThrow('epoch microseconds as a bigint');
      expect(instant.isValid(value)).toBe(false);
    },
  );

  it('reads millis data under a micros reader of the same kind, never across kinds', () => {
    expect(instantMicros.createResolver(instant)).toBeDefined();
    const resolver = wallClockMicros.createResolver(wallClock);
    expect(wallClockMicros.fromBuffer(wallClock.toBuffer(1_000n), resolver)).toBe(1_000n);
    expect(() => instantMicros.createResolver(wallClock)).toThrow();
    expect(() => wallClockMicros.createResolver(instantMicros)).toThrow();
  });

  it('refuses to annotate anything but a long', () => {
    expect(() => avroType({ type: 'int', logicalType: 'timestamp-micros' })).toThrow(
      'logical:timestamp-micros must annotate a long',
    );
  });
});

describe('date', () => {
  it('round-trips days since 1970-01-01, before the epoch too', () => {
    expect(day.fromBuffer(day.toBuffer(20_415))).toBe(20_415);
    expect(day.fromBuffer(day.toBuffer(-1))).toBe(-1);
  });

  it.each([1.5, 2 ** 31, '2025-11-23', 20_415n])('refuses %p', (value) => {
    expect(() => day.toBuffer(value)).toThrow('days since 1970-01-01 as a 32-bit integer');
  });
});
