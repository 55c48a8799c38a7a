import { parseReplayTarget, partitionLag } from './consumer-groups';

describe('partitionLag', () => {
  it('counts from the committed offset, or from the oldest retained record when there is none', () => {
    const committed = new Map<number, bigint | undefined>([
      [0, 90n],
      [1, undefined],
      [2, 5n], // below the low watermark: retention deleted what it would read
    ]);
    const rows = partitionLag('g', 't', committed, [
      { partition: 2, low: 10n, high: 30n },
      { partition: 0, low: 0n, high: 100n },
      { partition: 1, low: 40n, high: 50n },
      { partition: 3, low: 0n, high: 0n },
    ]);
    expect(rows.map((r) => [r.partition, r.committed, r.lag])).toEqual([
      [0, 90n, 10n],
      [1, undefined, 10n],
      [2, 5n, 20n],
      [3, undefined, 0n],
    ]);
  });
});

describe('parseReplayTarget', () => {
  it('reads earliest, an ISO time, and topic:partition:offset pairs', () => {
    expect(parseReplayTarget('earliest')).toEqual({ kind: 'earliest' });
    expect(parseReplayTarget('2026-12-06T10:00:00Z')).toEqual({
      kind: 'time',
      at: new Date('2026-12-06T10:00:00Z'),
    });
    expect(parseReplayTarget('a.b:0:12, a.b:1:7 c_d:3:0')).toEqual({
      kind: 'offsets',
      offsets: [
        { topic: 'a.b', partition: 0, offset: 12n },
        { topic: 'a.b', partition: 1, offset: 7n },
        { topic: 'c_d', partition: 3, offset: 0n },
      ],
    });
  });

  it.each(['latest', 'yesterday', 'a.b:x:1', '2026-13-45T99:00:00Z', ''])(
    'refuses %p with what it takes',
    (text) => {
      expect(() => parseReplayTarget(text)).toThrow('--to takes earliest, an ISO time');
    },
  );
});
