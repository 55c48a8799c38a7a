import { isoFromMicros, microsFromIso, millisFromMicros } from './time';

describe('isoFromMicros and microsFromIso', () => {
  it.each([
    ['2026-12-06T01:02:03.123456Z', 1_796_518_923_123_456n],
    ['1970-01-01T00:00:00.000000Z', 0n],
    ['1969-12-31T23:59:59.999999Z', -1n],
    ['9999-12-31T23:59:59.999999Z', 253_402_300_799_999_999n],
  ])('%s is %p µs both ways', (iso, micros) => {
    expect(isoFromMicros(micros)).toBe(iso);
    expect(microsFromIso(iso)).toBe(micros);
  });

  it("reads MariaDB's text and offsets, padding short fractions", () => {
    expect(microsFromIso('2026-12-06 01:02:03.12')).toBe(1_796_518_923_120_000n);
    expect(microsFromIso('2026-12-06T03:02:03.123456+02:00')).toBe(1_796_518_923_123_456n);
    expect(microsFromIso('2026-12-06 01:02:03')).toBe(1_796_518_923_000_000n);
  });

  it('refuses what it cannot read exactly', () => {
    expect(() => microsFromIso('2026-12-06T01:02:03.1234567Z')).toThrow('at most 6 decimals');
    expect(() => microsFromIso('yesterday')).toThrow();
  });

  it('floors to milliseconds, before 1970 too', () => {
    expect(millisFromMicros(1_999n)).toBe(1);
    expect(millisFromMicros(-1n)).toBe(-1);
  });
});
