import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueName } from '@lakestream/stack';
import {
  type LakeColumn,
  LakeReaderError,
  type LakeRow,
  lakeS3,
  readLakeTables,
  runReader,
} from './lake-readers';
import { installLakeReader, readersDir } from './reader-install';
import { testStack } from './stack';

// The fixture as canonical text (readers/README.md): make_fixture.py parses it into a table, and the
// readers must print it back unchanged. Edge values: negative decimal and zero, leap day, pre-epoch
// date and timestamp, nulls in every nullable column, doubles in each notation, non-ASCII text.
const batch1: LakeRow[] = [
  row('1', 'apple', '12.50', '2024-02-29', '1700000000123456', '1700000000000001', 'true', '0.1'),
  row('2', null, '-0.05', null, null, null, 'false', '12'),
  row('3', 'kiwi', '-12.50', '1969-12-31', '-1', '-1000000', null, '-1.5e-7'),
];
const batch2: LakeRow[] = [
  row('4', 'ünïcode ✓', '0.00', '2000-01-01', '0', '0', 'true', '1e+21'),
  row('5', 'pear', '9999999999.99', '1970-01-01', '253402300799999999', '1', 'false', '123456.789'),
];
// Snapshots: append batch1, append batch2, copy-on-write delete, then a position-delete file.
const copyOnWriteDeletedIds = ['2', '4'];
const positionDeletedIds = ['3'];

const expectedSchema: LakeColumn[] = [
  { id: 1, name: 'id', type: 'long', required: true },
  { id: 2, name: 'name', type: 'string', required: false },
  { id: 3, name: 'price', type: 'decimal(12, 2)', required: false },
  { id: 4, name: 'born', type: 'date', required: false },
  { id: 5, name: 'changed_at', type: 'timestamptz', required: false },
  { id: 6, name: 'local_at', type: 'timestamp', required: false },
  { id: 7, name: 'active', type: 'boolean', required: false },
  { id: 8, name: 'score', type: 'double', required: false },
];

function row(...v: (string | null)[]): LakeRow {
  const names = ['id', 'name', 'price', 'born', 'changed_at', 'local_at', 'active', 'score'];
  return Object.fromEntries(names.map((n, i) => [n, v[i] ?? null]));
}

const byId = (rows: LakeRow[]) => [...rows].sort((a, b) => Number(a.id) - Number(b.id));

interface Fixture {
  metadataLocation: string;
  snapshotIds: string[];
}

async function makeFixture(request: object): Promise<Fixture> {
  const python = await installLakeReader('pyiceberg');
  const out = await runReader(
    python,
    [join(readersDir, 'python', 'make_fixture.py')],
    JSON.stringify(request),
    120_000,
  );
  return JSON.parse(out) as Fixture;
}

const s3 = lakeS3(testStack());
const localWarehouse = mkdtempSync(join(tmpdir(), 'lakestream-readers-'));
const s3Warehouse = `s3://${testStack().s3.warehouseBucket}/${uniqueName('testkit-readers')}`;

afterAll(async () => {
  rmSync(localWarehouse, { recursive: true, force: true });
  await makeFixture({ drop: s3Warehouse, s3 });
});

describe.each([
  ['local folder', () => ({ warehouse: `file://${localWarehouse}`, s3: null })],
  ['S3 server', () => ({ warehouse: s3Warehouse, s3 })],
])('readers agree on a table in a %s', (_where, place) => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await makeFixture({
      ...place(),
      table: 'shop.items',
      batches: [batch1, batch2],
      deleteIds: copyOnWriteDeletedIds,
      positionDeleteIds: positionDeletedIds,
    });
  });

  it.each(['pyiceberg', 'java'] as const)(
    '%s reads the current snapshot and older ones by id',
    async (reader) => {
      expect(fixture.snapshotIds).toHaveLength(4);
      const [first, , beforePositionDelete, last] = fixture.snapshotIds;
      const results = await readLakeTables(reader, {
        s3: place().s3,
        reads: [
          { metadataLocation: fixture.metadataLocation },
          { metadataLocation: fixture.metadataLocation, snapshotId: first },
          { metadataLocation: fixture.metadataLocation, snapshotId: beforePositionDelete },
        ],
      });
      expect(results.map((r) => r.snapshotId)).toEqual([last, first, beforePositionDelete]);
      const [current, old, middle] = results;
      expect(current?.schema).toEqual(expectedSchema);
      const all = [...batch1, ...batch2];
      const without = (ids: string[]) => byId(all.filter((r) => !ids.includes(r.id ?? '')));
      expect(byId(current?.rows ?? [])).toEqual(without([...copyOnWriteDeletedIds, ...positionDeletedIds]));
      expect(byId(old?.rows ?? [])).toEqual(batch1);
      // The row the position-delete file removes is still there one snapshot earlier.
      expect(byId(middle?.rows ?? [])).toEqual(without(copyOnWriteDeletedIds));
    },
  );

  it('pyiceberg reads only the columns asked for, with the same values', async () => {
    const request = { s3: place().s3, reads: [{ metadataLocation: fixture.metadataLocation }] };
    const [whole] = await readLakeTables('pyiceberg', request);
    const [projected] = await readLakeTables('pyiceberg', {
      ...request,
      reads: [{ metadataLocation: fixture.metadataLocation, columns: ['id'] }],
    });
    expect(projected?.schema.map((c) => c.name)).toEqual(['id']);
    expect((projected?.rows ?? []).map((r) => r.id).sort()).toEqual(
      (whole?.rows ?? []).map((r) => r.id).sort(),
    );
    expect(projected?.rows.every((r) => Object.keys(r).join() === 'id')).toBe(true);
  });
});

describe('a read that fails', () => {
  it('a column list for the java reader is refused before it runs', async () => {
    const read = readLakeTables('java', { reads: [{ metadataLocation: '/nope', columns: ['id'] }] });
    await expect(read).rejects.toThrow(/java reader reads every column/);
  });

  it.each(['pyiceberg', 'java'] as const)('%s says why, with its stderr', async (reader) => {
    const missing = join(localWarehouse, 'nope', 'metadata', 'v1.metadata.json');
    const read = readLakeTables(reader, { reads: [{ metadataLocation: missing }] });
    await expect(read).rejects.toThrow(LakeReaderError);
    await expect(read).rejects.toThrow(/exited with 1[\s\S]*stderr \(tail\)[\s\S]*v1\.metadata\.json/);
  });
});
