import { newTableMetadata, type Snapshot, type TableMetadata } from '../metadata';
import { ancestors, listSnapshots, removedDataFilesSince, snapshotAsOf } from './snapshots';

const ID = 2n ** 62n;
const snapshot = (n: bigint, at: number, parent?: bigint): Snapshot => ({
  'snapshot-id': ID + n,
  ...(parent !== undefined ? { 'parent-snapshot-id': ID + parent } : {}),
  'sequence-number': 2n ** 60n + n,
  'timestamp-ms': at,
  'manifest-list': `snap-${n}.avro`,
  summary: { operation: 'append' },
});
const base = newTableMetadata({
  uuid: 'u',
  location: '/w/t',
  schema: { type: 'struct', 'schema-id': 0, fields: [] },
  spec: { 'spec-id': 0, fields: [] },
  properties: {},
  now: 0,
});
// main: 1 ← 2 ← 4 (3 is on a branch, 2 and 4 share a millisecond); listed out of order.
const table: TableMetadata = {
  ...base,
  snapshots: [snapshot(4n, 3_000, 2n), snapshot(1n, 1_000), snapshot(3n, 2_500, 2n), snapshot(2n, 3_000, 1n)],
  'current-snapshot-id': ID + 4n,
  refs: {
    main: { 'snapshot-id': ID + 4n, type: 'branch' },
    audit: { 'snapshot-id': ID + 3n, type: 'branch' },
  },
};
const ids = (snapshots: (Snapshot | undefined)[]) =>
  snapshots.map((s) => (s ? s['snapshot-id'] - ID : undefined));

describe('snapshots of a table', () => {
  it('lists every snapshot oldest first, by sequence number', () => {
    expect(ids(listSnapshots(table))).toEqual([1n, 2n, 3n, 4n]);
  });

  it('walks a ref back through its parents', () => {
    expect(ids(ancestors(table))).toEqual([4n, 2n, 1n]);
    expect(ids(ancestors(table, 'audit'))).toEqual([3n, 2n, 1n]);
    expect(ancestors(base)).toEqual([]);
  });

  it('finds the snapshot as of a time: the newest on the ref at or before it', () => {
    expect(ids([snapshotAsOf(table, 999)])).toEqual([undefined]);
    expect(ids([snapshotAsOf(table, 1_000)])).toEqual([1n]);
    // 3 is newer than 2 but on another branch.
    expect(ids([snapshotAsOf(table, 2_999)])).toEqual([1n]);
    // Two snapshots in one millisecond: the higher sequence number.
    expect(ids([snapshotAsOf(table, 3_000)])).toEqual([4n]);
    expect(ids([snapshotAsOf(table, 2_600, 'audit')])).toEqual([3n]);
  });

  it('goes on past expired snapshots when main is the only ref: every snapshot was on it', () => {
    // main: 1 ← 2 ← 3 ← 4 ← 5, and an expiry kept 1, 3 and 5.
    const chain = [1n, 2n, 3n, 4n, 5n].map((n) =>
      snapshot(n, Number(n) * 1_000, n > 1n ? n - 1n : undefined),
    );
    const kept: TableMetadata = {
      ...base,
      snapshots: chain.filter((_, i) => i % 2 === 0),
      'current-snapshot-id': ID + 5n,
      refs: { main: { 'snapshot-id': ID + 5n, type: 'branch' } },
    };
    expect(ids(ancestors(kept))).toEqual([5n, 3n, 1n]);
    expect(ids([snapshotAsOf(kept, 4_500)])).toEqual([3n]);
    expect(ids([snapshotAsOf(kept, 2_999)])).toEqual([1n]);
  });

  it('stops at a parent that has been expired when other refs exist', () => {
    const expired = { ...table, snapshots: table.snapshots?.filter((s) => s['snapshot-id'] !== ID + 2n) };
    expect(ids(ancestors(expired))).toEqual([4n]);
    expect(snapshotAsOf(expired, 2_000)).toBeUndefined();
  });

  it('finds a rewrite committed since a snapshot: a replace, or any snapshot that removed data files', () => {
    const chain = [1n, 2n, 3n, 4n].map((n) => snapshot(n, Number(n) * 1_000, n > 1n ? n - 1n : undefined));
    const at = (summaries: Record<string, string>[]): TableMetadata => ({
      ...base,
      snapshots: chain.map((s, i) => ({ ...s, summary: { operation: 'append', ...summaries[i] } })),
      'current-snapshot-id': ID + 4n,
      refs: { main: { 'snapshot-id': ID + 4n, type: 'branch' } },
    });
    const replaced = at([{}, {}, { operation: 'replace' }, {}]);
    expect(ids([removedDataFilesSince(replaced, ID + 2n)])).toEqual([3n]);
    expect(removedDataFilesSince(replaced, ID + 3n)).toBeUndefined();
    const deleted = at([{}, { operation: 'delete', 'deleted-data-files': '2' }, {}, {}]);
    expect(ids([removedDataFilesSince(deleted, ID + 1n)])).toEqual([2n]);
    // An expired (unknown) starting point: the whole history is looked at.
    expect(ids([removedDataFilesSince(deleted, 99n)])).toEqual([2n]);
  });
});
