import { type BinlogPoint, binlogOrdinal, compareOrdinals, type DmsPoint, dmsOrdinal } from './position';

/** Shuffles deterministically, so sorting has real work to do. */
function reversedInterleaved<T>(items: readonly T[]): T[] {
  return [...items.filter((_, i) => i % 2 === 1).reverse(), ...items.filter((_, i) => i % 2 === 0)];
}

describe('binlogOrdinal', () => {
  it('has the README layout: b:, file sequence (10), pos (20), row (6)', () => {
    expect(binlogOrdinal({ file: 'binlog.000003', pos: 4567n, row: 2 })).toBe(
      'b:0000000003:00000000000000004567:000002',
    );
  });

  // Listed in commit order.
  const committed: BinlogPoint[] = [
    { file: 'binlog.000009', pos: 4, row: 0 },
    { file: 'binlog.000009', pos: 4, row: 1 },
    { file: 'binlog.000009', pos: 4, row: 10 }, // row 10 after row 9, not after row 1
    { file: 'binlog.000009', pos: 999, row: 0 },
    { file: 'binlog.000009', pos: 1000, row: 0 }, // 1000 after 999, not between 1 and 2
    { file: 'binlog.000009', pos: 2n ** 40n, row: 0 },
    { file: 'binlog.000010', pos: 4, row: 0 }, // rollover: a new file starts at a small pos again
    { file: 'binlog.000010', pos: 256, row: 3 },
    { file: 'binlog.999999', pos: 4, row: 0 },
    { file: 'binlog.1000000', pos: 4, row: 0 }, // a seven-digit extension still sorts after
  ];

  it('orders as text exactly as the source committed, across rollover, pos growth and rows', () => {
    const ordinals = committed.map(binlogOrdinal);
    expect(reversedInterleaved(ordinals).sort()).toEqual(ordinals);
    expect([...reversedInterleaved(ordinals)].sort(compareOrdinals)).toEqual(ordinals);
  });

  it('is fixed-width, so DynamoDB and any byte-wise comparison agree', () => {
    expect(new Set(committed.map((point) => binlogOrdinal(point).length))).toEqual(new Set([40]));
  });

  it.each([
    [{ file: 'binlog', pos: 4, row: 0 }, 'has no numeric extension'],
    [{ file: 'binlog.000001', pos: -1, row: 0 }, 'binlog pos -1 does not fit 20 digits'],
    [{ file: 'binlog.000001', pos: 2 ** 53, row: 0 }, 'is not a safe integer'],
    [{ file: 'binlog.000001', pos: 10n ** 20n, row: 0 }, 'does not fit 20 digits'],
    [{ file: 'binlog.000001', pos: 4, row: 1_000_000 }, 'binlog row 1000000 does not fit 6 digits'],
    [{ file: 'binlog.000001', pos: 4, row: 0.5 }, 'is not a safe integer'],
  ])('refuses %j', (point, message) => {
    expect(() => binlogOrdinal(point)).toThrow(message);
  });
});

describe('dmsOrdinal', () => {
  it('has the README layout: d:, commit µs (20), sequence (19) and step (1)', () => {
    expect(dmsOrdinal({ commitMicros: 1_763_889_480_123_456n, sequence: 7 })).toBe(
      'd:00001763889480123456:00000000000000000070',
    );
    expect(dmsOrdinal({ commitMicros: 1_763_889_480_123_456n, sequence: 7, step: 1 })).toBe(
      'd:00001763889480123456:00000000000000000071',
    );
  });

  it('puts the steps of one record after the record before it and before the record after it', () => {
    const commitMicros = 1_763_889_480_123_456n;
    const ordinals = [
      dmsOrdinal({ commitMicros, sequence: 6, step: 0 }),
      dmsOrdinal({ commitMicros, sequence: 7, step: 0 }), // the old key's delete
      dmsOrdinal({ commitMicros, sequence: 7, step: 1 }), // the new key's row
      dmsOrdinal({ commitMicros, sequence: 8, step: 0 }),
    ];
    expect(reversedInterleaved(ordinals).sort()).toEqual(ordinals);
    expect(new Set(ordinals.map((o) => o.length))).toEqual(new Set([43]));
  });

  it.each([
    [{ commitMicros: 1, sequence: 1, step: 10 }, 'DMS step 10 does not fit 1 digits'],
    [{ commitMicros: 1, sequence: 10n ** 19n }, 'does not fit 19 digits'],
  ])('refuses %j', (point, message) => {
    expect(() => dmsOrdinal(point)).toThrow(message);
  });

  it('orders by commit time, then by sequence within a commit', () => {
    const committed: DmsPoint[] = [
      { commitMicros: 1_763_889_480_123_456n, sequence: 1 },
      { commitMicros: 1_763_889_480_123_456n, sequence: 2 },
      { commitMicros: 1_763_889_480_123_456n, sequence: 10 },
      { commitMicros: 1_763_889_480_123_456n, sequence: 10, step: 1 },
      { commitMicros: 1_763_889_480_123_457n, sequence: 0 },
      { commitMicros: 17_638_894_801_234_560n, sequence: 0 }, // one more digit
    ];
    const ordinals = committed.map(dmsOrdinal);
    expect(reversedInterleaved(ordinals).sort()).toEqual(ordinals);
  });
});

describe('compareOrdinals', () => {
  const early = binlogOrdinal({ file: 'binlog.000009', pos: 4, row: 0 });
  const late = binlogOrdinal({ file: 'binlog.000010', pos: 4, row: 0 });

  it('says which change committed first', () => {
    expect(compareOrdinals(early, late)).toBe(-1);
    expect(compareOrdinals(late, early)).toBe(1);
    expect(compareOrdinals(early, early)).toBe(0);
  });

  it('refuses to order a binlog ordinal against a DMS one', () => {
    expect(() => compareOrdinals(early, dmsOrdinal({ commitMicros: 1, sequence: 1 }))).toThrow(
      'cannot order a binlog ordinal',
    );
  });

  it('refuses text that is not an ordinal', () => {
    expect(() => compareOrdinals(early, 'b:9')).toThrow('"b:9" is not an ordinal');
  });
});
