import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinLocation, localStorage, type WarehouseStorage } from '@lakestream/storage';
import {
  type LakeFixture,
  type LakeFixtureRequest,
  type LakeRow,
  readLakeTables,
  writeLakeFixture,
} from '@lakestream/testkit';
import type { LoadedTable, TableIdentifier } from './catalog/catalog';
import { commitWithRetries } from './catalog/commit';
import { fileCatalog } from './catalog/file-catalog';
import { contentFileOf } from './manifest/content-file';
import { FileContent } from './manifest/types';
import { currentSchema, currentSnapshotId, defaultSpec, snapshotById, type TableMetadata } from './metadata';
import { parseTableMetadata, serializeTableMetadata } from './metadata-json';
import { encodeDataFile } from './parquet/encode';
import { readDataFileColumns } from './parquet/read';
import { bindSpec, type PartitionValue, partitionKey, partitionOf, partitionPath } from './partition';
import { deletesFor, planFiles } from './read/plan';
import { listSnapshots } from './read/snapshots';
import { newSnapshotId, stagedSnapshot } from './snapshot';

// Tables written by other engines (pyiceberg 0.12, the reference Java implementation 1.12), with
// snapshot ids and sequence numbers above 2^53: this package must load them, plan their files as the
// engines themselves do, and commit on top of them without changing a field it does not own, so that
// both engines still read them. Needs Python and Java: the writers install themselves on first use.

const COLUMNS = ['id', 'name', 'price', 'born', 'changed_at', 'local_at', 'active', 'score'] as const;
const row = (...values: (string | null)[]): LakeRow =>
  Object.fromEntries(COLUMNS.map((name, i) => [name, values[i] ?? null]));

const batch1 = [
  row('1', 'apple', '12.50', '2024-02-29', '1700000000123456', '1700000000000001', 'true', '0.1'),
  row('2', null, '-0.05', null, null, null, 'false', '12'),
  row('3', 'kiwi', '-12.50', '1969-12-31', '-1', '-1000000', null, '-1.5e-7'),
];
const batch2 = [
  row('4', 'ünïcode ✓', '0.00', '2000-01-01', '0', '0', 'true', '1e+21'),
  row('5', 'pear', '9999999999.99', '1970-01-01', '253402300799999999', '1', 'false', '123456.789'),
];
/** Ours, committed on top of each foreign table. */
const ours = [
  row('6', 'lake', '1.25', '2026-11-23', '1795000000000000', '1795000000000000', 'true', '2.5'),
  row('7', null, null, null, null, null, null, null),
];

const ABOVE_2_53 = 2n ** 53n;
const FIRST_SEQUENCE = 2n ** 60n;
const ID: TableIdentifier = { namespace: ['ns'], name: 't' };
const byId = (rows: LakeRow[]) => [...rows].sort((a, b) => Number(a.id) - Number(b.id));
const without = (rows: LakeRow[], ids: string[]) => rows.filter((r) => !ids.includes(r.id ?? ''));

const ISO_DAY = 86_400_000;
/** Canonical text → the values the Parquet encoder takes (LakeRow in types.ts). */
function lakeValues(text: LakeRow): Record<string, unknown> {
  const big = (v: string | null) => (v === null ? null : BigInt(v));
  return {
    id: big(text.id ?? null),
    name: text.name,
    price: text.price,
    born:
      text.born === null || text.born === undefined ? null : Date.parse(`${text.born}T00:00:00Z`) / ISO_DAY,
    changed_at: big(text.changed_at ?? null),
    local_at: big(text.local_at ?? null),
    active: text.active === null || text.active === undefined ? null : text.active === 'true',
    score: text.score === null || text.score === undefined ? null : Number(text.score),
  };
}

/** Appends `rows` as one snapshot per this package: a data file per partition, through the file catalog. */
async function appendOurs(
  storage: WarehouseStorage,
  table: LoadedTable,
  rows: LakeRow[],
): Promise<LoadedTable> {
  const schema = currentSchema(table.metadata);
  const fields = bindSpec(defaultSpec(table.metadata), schema);
  const groups = new Map<string, { partition: PartitionValue[]; rows: Record<string, unknown>[] }>();
  for (const text of rows) {
    const values = lakeValues(text);
    const partition = partitionOf(fields, values);
    const group = groups.get(partitionKey(partition)) ?? { partition, rows: [] };
    group.rows.push(values);
    groups.set(partitionKey(partition), group);
  }
  const dataFiles = [];
  for (const { partition, rows: values } of groups.values()) {
    const folder = partitionPath(fields, partition);
    const path = joinLocation(table.location, 'data', ...(folder ? [folder] : []), `${randomUUID()}.parquet`);
    const encoded = await encodeDataFile(schema, values);
    await storage.write(path, encoded.bytes);
    dataFiles.push(contentFileOf(FileContent.Data, path, partition, encoded, schema));
  }
  const staged = stagedSnapshot(storage, table.location, {
    snapshotId: newSnapshotId(),
    timestampMs: Date.now(),
    dataFiles,
    deleteFiles: [],
    schema,
    properties: { 'lakestream.note': 'appended by @lakestream/iceberg' },
  });
  return commitWithRetries(fileCatalog(storage), table, (base) => staged.build(base));
}

/** Our plan of a snapshot in the shape the engines print theirs. */
async function ourPlan(
  storage: WarehouseStorage,
  metadata: TableMetadata,
  snapshotId: string,
  withSequence: boolean,
) {
  const plan = await planFiles(storage, metadata, snapshotById(metadata, BigInt(snapshotId)));
  return (plan?.dataFiles ?? [])
    .map((data) => ({
      path: data.file.path,
      sequenceNumber: withSequence ? String(data.dataSequenceNumber) : null,
      deletes: deletesFor(data, plan?.deleteFiles ?? [], metadata)
        .map((d) => d.file.path)
        .sort(),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

const text = (metadata: unknown) =>
  new TextDecoder().decode(serializeTableMetadata(metadata as TableMetadata));

describe.each([
  {
    writer: 'pyiceberg' as const,
    request: {
      deleteIds: ['2', '4'],
      positionDeleteIds: ['3'],
      // Just past 2^53, where a double can no longer tell neighbours apart.
      firstSnapshotId: String(2n ** 53n + 1n),
    } satisfies Partial<LakeFixtureRequest>,
    gone: ['2', '4', '3'],
  },
  {
    writer: 'java' as const,
    request: {
      positionDeleteIds: ['3', '4'],
      partitioned: true,
      firstSnapshotId: String(2n ** 62n + 1n),
    } satisfies Partial<LakeFixtureRequest>,
    gone: ['3', '4'],
  },
])('a table $writer wrote', ({ writer, request, gone }) => {
  let warehouse: string;
  let storage: WarehouseStorage;
  let fixture: LakeFixture;
  let table: LoadedTable;

  beforeAll(async () => {
    warehouse = await mkdtemp(join(tmpdir(), `foreign-${writer}-`));
    fixture = await writeLakeFixture(writer, {
      warehouse,
      batches: [batch1, batch2],
      lastSequenceNumber: String(FIRST_SEQUENCE),
      ...request,
    });
    storage = localStorage(warehouse);
    table = (await fileCatalog(storage).loadTable(ID)) as LoadedTable;
  }, 300_000);
  afterAll(() => rm(warehouse, { recursive: true, force: true }));

  it('loads with every snapshot id, parent and sequence number exact, and writes back the same bytes', async () => {
    expect(table.metadataLocation).toBe(fixture.metadataLocation);
    const snapshots = listSnapshots(table.metadata);
    expect(snapshots.map((s) => String(s['snapshot-id']))).toEqual(fixture.snapshotIds);
    expect(snapshots.every((s) => s['snapshot-id'] > ABOVE_2_53)).toBe(true);
    expect(snapshots.map((s) => s['sequence-number'])).toEqual(
      snapshots.map((_, i) => FIRST_SEQUENCE + BigInt(i + 1)),
    );
    expect(snapshots.slice(1).map((s) => s['parent-snapshot-id'])).toEqual(
      snapshots.slice(0, -1).map((s) => s['snapshot-id']),
    );
    expect(currentSnapshotId(table.metadata)).toBe(BigInt(fixture.snapshotIds.at(-1) as string));
    expect(text(table.metadata)).toBe(await readFile(table.metadataLocation, 'utf8'));
  });

  it('plans every snapshot’s files, sequence numbers and deletes as the engine itself does', async () => {
    for (const plan of fixture.plans) {
      const withSequence = plan.files.some((f) => f.sequenceNumber !== null);
      const theirs = [...plan.files].sort((a, b) => a.path.localeCompare(b.path));
      expect([
        plan.snapshotId,
        await ourPlan(storage, table.metadata, plan.snapshotId, withSequence),
      ]).toEqual([plan.snapshotId, theirs]);
    }
  });

  if (writer === 'java') {
    it('computes each row’s partition (bucket[4] of a long, day of a timestamptz) as the reference implementation did', async () => {
      const fields = bindSpec(defaultSpec(table.metadata), currentSchema(table.metadata));
      expect(fields.map((f) => f.transform)).toEqual(['bucket[4]', 'day']);
      const plan = await planFiles(storage, table.metadata);
      let rows = 0;
      for (const { file } of plan?.dataFiles ?? []) {
        const columns = await readDataFileColumns((await storage.read(file.path)) as Uint8Array, [1, 5]);
        (columns.get(1) ?? []).forEach((id, i) => {
          const values = { id, changed_at: columns.get(5)?.[i] ?? null };
          expect([file.path, String(id), partitionOf(fields, values)]).toEqual([
            file.path,
            String(id),
            file.partition,
          ]);
          rows += 1;
        });
      }
      expect(rows).toBe(batch1.length + batch2.length);
    });
  }

  it('commits on top through the file catalog, keeping every field it does not change; both engines read the result', async () => {
    const before = table;
    const after = await appendOurs(storage, before, ours);
    expect(after.metadataLocation).toBe(
      before.metadataLocation.replace(/v(\d+)\.metadata\.json$/, (_, v) => `v${Number(v) + 1}.metadata.json`),
    );

    // Every field, as written: the ones a commit changes extend what was there; the rest are the same text.
    const old = parseTableMetadata(await readFile(before.metadataLocation, 'utf8')) as unknown as Record<
      string,
      unknown
    >;
    const now = parseTableMetadata(await readFile(after.metadataLocation, 'utf8')) as unknown as Record<
      string,
      unknown
    >;
    const owned = [
      'last-sequence-number',
      'last-updated-ms',
      'current-snapshot-id',
      'refs',
      'snapshots',
      'snapshot-log',
      'metadata-log',
    ];
    expect(Object.keys(now).slice(0, Object.keys(old).length)).toEqual(Object.keys(old));
    for (const key of Object.keys(old).filter((k) => !owned.includes(k)))
      expect([key, text(now[key])]).toEqual([key, text(old[key])]);
    for (const key of ['snapshots', 'snapshot-log', 'metadata-log']) {
      const was = (old[key] ?? []) as unknown[];
      expect([key, text((now[key] as unknown[]).slice(0, was.length))]).toEqual([key, text(was)]);
      expect((now[key] as unknown[]).length).toBe(was.length + 1);
    }
    const newSnapshot = listSnapshots(after.metadata).at(-1);
    expect(newSnapshot).toMatchObject({
      'parent-snapshot-id': BigInt(fixture.snapshotIds.at(-1) as string),
      'sequence-number': FIRST_SEQUENCE + BigInt(fixture.snapshotIds.length + 1),
    });
    expect(after.metadata['last-sequence-number']).toBe(newSnapshot?.['sequence-number']);
    expect(after.metadata['metadata-log']?.at(-1)?.['metadata-file']).toBe(before.metadataLocation);

    // The foreign files are carried over exactly: same paths, sequence numbers and deletes.
    const last = fixture.snapshotIds.at(-1) as string;
    const carried = await ourPlan(storage, before.metadata, last, true);
    const planned = await ourPlan(storage, after.metadata, String(newSnapshot?.['snapshot-id']), true);
    expect(planned.filter((f) => carried.some((c) => c.path === f.path))).toEqual(carried);
    expect(planned).toHaveLength(carried.length + (writer === 'java' ? 2 : 1));

    const expected = byId([...without([...batch1, ...batch2], gone), ...ours]);
    for (const reader of ['pyiceberg', 'java'] as const) {
      const [current, earlier] = await readLakeTables(reader, {
        reads: [
          { metadataLocation: after.metadataLocation },
          { metadataLocation: after.metadataLocation, snapshotId: last },
        ],
      });
      expect([reader, current?.snapshotId, byId(current?.rows ?? [])]).toEqual([
        reader,
        String(newSnapshot?.['snapshot-id']),
        expected,
      ]);
      expect([reader, byId(earlier?.rows ?? [])]).toEqual([
        reader,
        byId(without([...batch1, ...batch2], gone)),
      ]);
    }
  });
});
