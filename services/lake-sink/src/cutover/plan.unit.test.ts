import { parseLineage } from '@lakestream/schemas';
import { enricherBehind, startOn } from './plan';

const changes = 'lakestream.changes.orders';
const first = (offset: number, partition: number, source: number) => ({
  offset: BigInt(offset),
  source: { topic: changes, partition, offset: BigInt(source) },
});
const reemission = (offset: number) => ({
  offset: BigInt(offset),
  source: { topic: 'lakestream.enricher.pending', partition: 0, offset: 99n },
});

describe('cut-over from the changes topics to the enriched topics', () => {
  it('reads the lineage header the enricher writes (libs/schemas)', () => {
    expect(parseLineage('lakestream.changes.orders/2/1041')).toEqual({
      topic: changes,
      partition: 2,
      offset: 1041n,
    });
    expect(parseLineage('no-offsets')).toBeUndefined();
    expect(parseLineage(undefined)).toBeUndefined();
  });

  it('starts at the first emission of a change the table does not hold, whatever re-emissions lie between', () => {
    // The table holds changes partition 0 up to offset 5 (exclusive). Enriched offsets differ from
    // the changes offsets: re-emissions and transaction markers take offsets too.
    const records = [
      first(0, 0, 3),
      reemission(1),
      first(3, 0, 4),
      reemission(4),
      first(6, 0, 5),
      first(7, 0, 6),
    ];
    expect(startOn(changes, new Map([[0, 5n]]), records, 9n)).toEqual({ start: 6n, held: 2, after: 2 });
  });

  it('starts at the end when the table holds every change enriched so far, and at the first when it holds none', () => {
    const records = [first(0, 0, 0), first(1, 0, 1)];
    expect(startOn(changes, new Map([[0, 2n]]), records, 4n)).toEqual({ start: 4n, held: 2, after: 0 });
    expect(startOn(changes, new Map(), records, 4n)).toEqual({ start: 0n, held: 0, after: 2 });
  });

  it('refuses topics not partitioned alike: a held change after one not held', () => {
    const records = [first(0, 0, 7), first(1, 1, 2)];
    expect(() =>
      startOn(
        changes,
        new Map([
          [0, 5n],
          [1, 5n],
        ]),
        records,
        2n,
      ),
    ).toThrow(/not partitioned alike/);
  });

  it('waits for the enricher to have read the changes topic as far as the table holds', () => {
    const table = new Map([
      [0, 10n],
      [1, 4n],
    ]);
    expect(
      enricherBehind(
        table,
        new Map([
          [0, 10n],
          [1, 3n],
        ]),
      ),
    ).toEqual([{ partition: 1, table: 4n, enricher: 3n }]);
    expect(enricherBehind(table, new Map([[0, 12n]]))).toEqual([
      { partition: 1, table: 4n, enricher: undefined },
    ]);
    expect(
      enricherBehind(
        table,
        new Map([
          [0, 10n],
          [1, 4n],
        ]),
      ),
    ).toEqual([]);
  });
});
