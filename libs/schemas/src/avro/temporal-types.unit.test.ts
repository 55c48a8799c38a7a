import * as avro from 'avsc';
import { bigintLong } from '../avro-long';
import { avroType } from './options';

const instant = avroType({ type: 'long', logicalType: 'timestamp-millis' });
const wallClock = avroType({ type: 'long', logicalType: 'local-timestamp-millis' });
const day = avroType({ type: 'int', logicalType: 'date' });

describe('timestamp-millis and local-timestamp-millis', () => {
  it.each([
    [instant, Date.UTC(2025, 10, 23, 9, 18, 0, 123)],
    [wallClock, Date.UTC(2025, 10, 23, 9, 18, 0, 123)],
    [instant, -1],
    [instant, 0],
  ])('round-trips epoch milliseconds as a number', (type, millis) => {
    expect(type.fromBuffer(type.toBuffer(millis))).toBe(millis);
  });

  it('reads the bytes of a plain long (as every writer of the spec writes them)', () => {
    const long = avro.Type.forSchema('long', { registry: { long: bigintLong } });
    expect(instant.fromBuffer(long.toBuffer(1_763_889_480_123n))).toBe(1_763_889_480_123);
  });

  it('refuses a stored value beyond a safe integer instead of rounding it', () => {
    const long = avro.Type.forSchema('long', { registry: { long: bigintLong } });
    expect(() => instant.fromBuffer(long.toBuffer(2n ** 60n))).toThrow();
  });

  it.each([1.5, Number.MAX_SAFE_INTEGER + 1, 1_763_889_480_123n, '2025-11-23T09:18:00Z', new Date(0), null])(
    'refuses %p when encoding',
    (value) => {
      expect(() => instant.toBuffer(value)).toThrow('epoch milliseconds as a safe integer number');
      expect(instant.isValid(value)).toBe(false);
    },
  );

  it('refuses to annotate anything but a long', () => {
    expect(() => avroType({ type: 'int', logicalType: 'timestamp-millis' })).toThrow(
      'logical:timestamp-millis must annotate a long',
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
