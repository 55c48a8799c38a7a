import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  currentSnapshot,
  encodeDataFile,
  MANIFEST_MERGE_THRESHOLD,
  planFiles,
  readDataFileColumns,
  readFileTable,
  readManifestList,
} from '@lakestream/iceberg';
import { keyPartition } from '@lakestream/kafka';
import { loadRowSchema } from '@lakestream/schemas';
import { localStorage } from '@lakestream/storage';
import { changeEventAt } from '@lakestream/testkit';
import { rowColumns } from './columns';
import type { TableKind } from './layout';
import { rebuildLiveRows } from './scan';
import { type IncomingChange, offsetsOf, StaleBatchError, TableWriter } from './table-writer';

const columns = rowColumns(loadRowSchema('vendors'));
const vendor = (id: number, name: string) => ({
  id: BigInt(id),
  tenant_id: 'acme',
  name,
  country_code: 'US',
  contact_email: `v${id}@example.com`,
  created_at: 1_700_000_000_000_000n,
  updated_at: 1_700_000_000_000_000n,
});

function change(
  offset: number,
  op: 'c' | 'u' | 'd',
  id: number,
  name = `v${id}`,
  partition = 0,
): IncomingChange {
  const row = vendor(id, name);
  const event = changeEventAt({
    table: 'vendors',
    op,
    key: String(id),
    row,
    tenantId: 'acme',
    pos: offset,
    file: 'b.1',
    committedAt: 1_700_000_000_000 + offset,
  });
  return { partition, offset: BigInt(offset), columns, event };
}

describe('table writer on a local warehouse', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'writer-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  const writer = (kind: TableKind, stateDir?: string) => {
    const storage = localStorage(folder);
    const name = kind === 'changes' ? 'vendors_changes' : 'vendors';
    return new TableWriter({ namespace: 'ns', name, kind }, join(folder, 'ns', name), 'topic', {
      storage,
      encode: encodeDataFile,
      readColumns: readDataFileColumns,
      now: () => 1_700_000_100_000,
      ...(stateDir ? { stateDir } : {}),
    });
  };

  it('moves past a batch of markers that follows on from its records, never past one that does not', async () => {
    const history = writer('changes');
    await history.open();
    history.accept(change(0, 'c', 1));
    history.accept(change(1, 'c', 2));
    // A marker batch from before a seek (or a gap): moving to it would skip offsets 2 to 4.
    expect(history.passMarkers(0, 5n, 5n)).toBe(false);
    expect(history.passMarkers(0, 2n, 2n)).toBe(true);
    await history.flush();
    expect(history.offsets.get(0)).toBe(3n);
    // Markers alone still commit: the table's offsets, and so the group's, reach the partition's end.
    expect(history.passMarkers(0, 3n, 4n)).toBe(true);
    await history.flush();
    const table = await readFileTable(localStorage(folder), join(folder, 'ns', 'vendors_changes'));
    expect(offsetsOf(table?.metadata, 'topic').get(0)).toBe(5n);
  });

  it('collapses a key’s changes inside one commit and deletes by position across commits', async () => {
    const current = writer('current');
    await current.open();
    [change(0, 'c', 1), change(1, 'c', 2), change(2, 'u', 1, 'one v2'), change(3, 'c', 3)].forEach((c) => {
      current.accept(c);
    });
    const first = await current.flush();
    expect(first).toMatchObject({ rows: 3, deletes: 0, deleteFiles: 0 });

    [
      change(4, 'u', 1, 'one v3'),
      change(5, 'd', 2),
      change(6, 'c', 2, 'two again'),
      change(7, 'd', 3),
    ].forEach((c) => {
      current.accept(c);
    });
    const second = await current.flush();
    // Key 1 updated, key 2 deleted and re-created, key 3 deleted: three old positions, two new rows.
    expect(second).toMatchObject({ rows: 2, deletes: 3, deleteFiles: 1 });

    const storage = localStorage(folder);
    const table = await readFileTable(storage, join(folder, 'ns', 'vendors'));
    if (!table) throw new Error('no table');
    expect(offsetsOf(table.metadata, 'topic')).toEqual(new Map([[0, 8n]]));
    expect(currentSnapshot(table.metadata)?.summary).toMatchObject({
      operation: 'overwrite',
      'total-records': '5',
      'total-position-deletes': '3',
      'total-equality-deletes': '0',
    });
    // The index rebuilt from the table alone agrees with what the writer kept.
    const rebuilt = await rebuildLiveRows(storage, table, readDataFileColumns);
    expect(rebuilt.size).toBe(2);
    const plan = await planFiles(storage, table.metadata);
    const names = new Map<string, unknown>();
    for (const { file } of plan?.dataFiles ?? []) {
      const read = await readDataFileColumns((await storage.read(file.path)) as Uint8Array, [1, 7]);
      (read.get(1) ?? []).forEach((key, pos) => {
        if (rebuilt.get(String(key))?.path === file.path && rebuilt.get(String(key))?.pos === pos) {
          names.set(String(key), read.get(7)?.[pos]);
        }
      });
    }
    expect(Object.fromEntries(names)).toEqual({ '1': 'one v3', '2': 'two again' });
  });

  it('applies a source truncate by ordinal to the keys its partition holds, however late either arrives', async () => {
    const partitions = 2;
    // Offsets count per partition; ordinals follow one source position across all of them.
    const next = new Map<number, number>();
    const take = (partition: number) => {
      const offset = next.get(partition) ?? 0;
      next.set(partition, offset + 1);
      return offset;
    };
    const at = (pos: number, op: 'c' | 'u' | 'd', id: number, name = `v${id}`): IncomingChange => {
      const partition = keyPartition(String(id), partitions);
      const row = vendor(id, name);
      const event = changeEventAt({
        table: 'vendors',
        op,
        key: String(id),
        row,
        tenantId: 'acme',
        pos,
        file: 'b.1',
        committedAt: 1_700_000_000_000 + pos,
      });
      return { partition, offset: BigInt(take(partition)), columns, event };
    };
    const truncate = (pos: number, partition: number): IncomingChange => {
      const marker = at(pos, 'c', 0);
      return {
        ...marker,
        partition,
        offset: BigInt(take(partition)),
        partitions,
        event: { ...marker.event, op: 't', key: '', before: null, after: null, tenantId: null },
      };
    };
    const ids = Array.from({ length: 12 }, (_, i) => i + 1);
    const onZero = ids.filter((id) => keyPartition(String(id), partitions) === 0);
    const onOne = ids.filter((id) => keyPartition(String(id), partitions) === 1);
    expect(onZero.length).toBeGreaterThan(3);
    expect(onOne.length).toBeGreaterThan(1);
    const [changedBefore, newerArrivedFirst, comesBack, lateOlder] = onZero as [
      number,
      number,
      number,
      number,
    ];

    const current = writer('current');
    const history = writer('changes');
    await current.open();
    await history.open();
    const both = (c: IncomingChange) => {
      current.accept(c);
      history.accept(c);
    };
    for (const [i, id] of ids.entries()) both(at(10 + i, 'c', id));
    await current.flush();
    await history.flush();
    // The TRUNCATE happened at position 100. Read from another raw partition, a change made after it
    // (position 150) reaches this partition before the `t`; one made before it (position 90) after.
    both(at(95, 'u', changedBefore, 'changed before the truncate'));
    both(at(150, 'u', newerArrivedFirst, 'changed after the truncate'));
    both(truncate(100, 0));
    both(at(160, 'c', comesBack, 'created after the truncate'));
    both(at(90, 'u', lateOlder, 'late, from before the truncate'));
    const result = await current.flush();
    await history.flush();
    const survivors = [...onOne, newerArrivedFirst, comesBack].map(String).sort();
    expect(current.liveRowCount).toBe(survivors.length);
    expect(result).toMatchObject({ rows: 2 });

    const storage = localStorage(folder);
    const table = await readFileTable(storage, join(folder, 'ns', 'vendors'));
    if (!table) throw new Error('no table');
    const rebuilt = await rebuildLiveRows(storage, table, readDataFileColumns);
    expect([...rebuilt.keys()].sort()).toEqual(survivors);

    // The truncate's ordinal is kept with the table: a reopened writer still skips what is older.
    const reopened = writer('current');
    await reopened.open();
    reopened.accept(at(80, 'u', lateOlder, 'even later, from before the truncate'));
    expect(await reopened.flush()).toMatchObject({ rows: 0, deletes: 0 });
    expect(reopened.liveRowCount).toBe(survivors.length);

    // The history keeps every change, the truncate's marker among them.
    const changes = await readFileTable(storage, join(folder, 'ns', 'vendors_changes'));
    if (!changes) throw new Error('no history');
    expect(currentSnapshot(changes.metadata)?.summary['total-records']).toBe(String(ids.length + 5));
  });

  it('skips what the table already holds and refuses a batch another writer overtook', async () => {
    const a = writer('changes');
    const b = writer('changes');
    await a.open();
    await b.open();
    for (const c of [change(0, 'c', 1), change(1, 'c', 2), change(2, 'c', 3)]) a.accept(c);
    for (const c of [change(0, 'c', 1), change(1, 'c', 2)]) b.accept(c);
    await a.flush();
    await expect(b.flush()).rejects.toThrow(StaleBatchError);

    await b.open();
    expect(b.accept(change(2, 'c', 3))).toBe(false);
    expect(b.accept(change(3, 'c', 4))).toBe(true);
    await b.flush();
    const table = await readFileTable(localStorage(folder), join(folder, 'ns', 'vendors_changes'));
    expect(currentSnapshot(table?.metadata as never)?.summary['total-records']).toBe('4');
  });

  it('keeps partitions apart: another partition’s progress does not make a batch stale', async () => {
    const a = writer('changes');
    const b = writer('changes');
    await a.open();
    await b.open();
    a.accept(change(0, 'c', 1, 'x', 0));
    b.accept(change(0, 'c', 2, 'y', 1));
    await a.flush();
    await b.flush();
    const table = await readFileTable(localStorage(folder), join(folder, 'ns', 'vendors_changes'));
    expect(offsetsOf(table?.metadata, 'topic')).toEqual(
      new Map([
        [0, 1n],
        [1, 1n],
      ]),
    );
  });

  it('checkpoints its live-row index only at a snapshot the index describes whole', async () => {
    // Two instances of one group on one table, each with its own state folder (as the pipeline runs
    // them): b commits partition 1, a commits partition 0 on top, then takes partition 1 over.
    const a = writer('current', join(folder, 'state-a'));
    const b = writer('current', join(folder, 'state-b'));
    await a.open();
    await b.open();
    a.accept(change(0, 'c', 1, 'one', 0));
    await a.flush();
    b.accept(change(0, 'c', 2, 'two', 1));
    await b.flush();
    a.accept(change(1, 'c', 3, 'three', 0));
    await a.flush();
    await a.checkpoint();
    // No commit since: a's reload finds a checkpoint at the table's current snapshot, which must not
    // be one that lacks b's rows, or the delete below would find no row to end.
    await a.open();
    expect(a.liveRowCount).toBe(3);
    expect(a.accept(change(1, 'd', 2, 'two', 1))).toBe(true);
    expect(await a.flush()).toMatchObject({ deletes: 1 });
    const storage = localStorage(folder);
    const table = await readFileTable(storage, join(folder, 'ns', 'vendors'));
    if (!table) throw new Error('no table');
    const live = await rebuildLiveRows(storage, table, readDataFileColumns);
    expect([...live.keys()].sort()).toEqual(['1', '3']);

    // Alone on the table, a's index is whole again after its own commit, and its checkpoint is used.
    await a.checkpoint();
    await a.open();
    expect(a.liveRowCount).toBe(2);
  });

  it('merges manifests past the threshold without changing what the table holds', async () => {
    const current = writer('current');
    await current.open();
    let offset = 0;
    for (let commit = 0; commit < MANIFEST_MERGE_THRESHOLD + 6; commit += 1) {
      current.accept(change(offset++, 'u', 1, `one v${commit}`));
      current.accept(change(offset++, 'c', 100 + commit));
      await current.flush();
    }
    const storage = localStorage(folder);
    const table = await readFileTable(storage, join(folder, 'ns', 'vendors'));
    if (!table) throw new Error('no table');
    const snapshot = currentSnapshot(table.metadata);
    const manifests = await readManifestList(storage, snapshot?.['manifest-list'] as string);
    expect(manifests.length).toBeLessThan(MANIFEST_MERGE_THRESHOLD);
    expect(manifests.some((m) => m.existingFilesCount > 0)).toBe(true);
    // Every delete still applies to the older row versions: one live row per key.
    const rebuilt = await rebuildLiveRows(storage, table, readDataFileColumns);
    expect(rebuilt.size).toBe(MANIFEST_MERGE_THRESHOLD + 6 + 1);
    const plan = await planFiles(storage, table.metadata);
    expect(plan?.dataFiles).toHaveLength(MANIFEST_MERGE_THRESHOLD + 6);
    // Merged entries keep the sequence numbers they were added with: no delete lost its rows.
    const sequences = new Set(plan?.dataFiles.map((f) => f.dataSequenceNumber));
    expect(sequences.size).toBe(MANIFEST_MERGE_THRESHOLD + 6);
    // Dozens of commits on local files: seconds on a quiet machine, more beside a starting stack.
  }, 60_000);

  it('refuses a change whose columns no data file can hold, or the lake holds as another type', async () => {
    const history = writer('changes');
    await history.open();
    // MySQL allows DECIMAL(65, 30); Iceberg stops at 38 digits.
    const wide = columns.map((c) => (c.name === 'name' ? { ...c, type: 'decimal(40, 2)' as const } : c));
    expect(history.refusal({ ...change(0, 'c', 1), columns: wide })).toMatch(
      /^vendors_changes\.name: decimal\(40, 2\): precision must be 1\.\.38/,
    );
    // Refused, so it gave the new table no column types: the next schema's do.
    expect(history.refusal(change(1, 'c', 2))).toBeUndefined();
    const long = columns.map((c) => (c.name === 'name' ? { ...c, type: 'long' as const } : c));
    expect(history.refusal({ ...change(2, 'c', 3), columns: long })).toBe(
      "vendors_changes.name is string in the lake but long in the record's schema",
    );
  });

  it('flushes a batch larger than a spread of arguments can hold (130,000 changes)', async () => {
    const history = writer('changes');
    await history.open();
    for (let i = 0; i < 130_000; i += 1) history.accept(change(i, 'c', i));
    const result = await history.flush();
    expect(result).toMatchObject({ rows: 130_000, newestSourceCommit: 1_700_000_000_000 + 129_999 });
  }, 60_000);
});
