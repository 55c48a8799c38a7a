import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStorage } from '@lakestream/storage';
import type { LoadedTable } from '../catalog/catalog';
import { commitWithRetries } from '../catalog/commit';
import { fileCatalog } from '../catalog/file-catalog';
import { type ContentFile, FileContent } from '../manifest/types';
import { stagedSnapshot, type TableChange } from '../snapshot';
import type { IcebergSchema } from '../types';
import { deletesFor, planFiles } from './plan';
import { listSnapshots } from './snapshots';

const schema: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'tenant', required: true, type: 'string' },
    { id: 2, name: 'id', required: true, type: 'long' },
  ],
};
const spec = {
  'spec-id': 0,
  fields: [{ 'source-id': 1, 'field-id': 1000, name: 'tenant', transform: 'identity' as const }],
};

const file = (content: FileContent, path: string, tenant: string): ContentFile => ({
  content,
  path,
  partition: [tenant],
  recordCount: 1,
  sizeInBytes: 10,
  columnSizes: new Map(),
  valueCounts: new Map(),
  nullValueCounts: new Map(),
  lowerBounds: new Map(),
  upperBounds: new Map(),
});

describe('planning the files of a snapshot (spec "Scan Planning")', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'plan-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('lists each snapshot’s live files with inherited sequence numbers, and the deletes that apply', async () => {
    const storage = localStorage(folder);
    const catalog = fileCatalog(storage);
    let table: LoadedTable = await catalog.createTable({ namespace: ['ns'], name: 't' }, { schema, spec });
    const commit = async (n: number, dataFiles: ContentFile[], deleteFiles: ContentFile[] = []) => {
      const change: TableChange = {
        snapshotId: 2n ** 62n + BigInt(n),
        timestampMs: n * 1000,
        dataFiles,
        deleteFiles,
        schema,
        properties: {},
      };
      const staged = stagedSnapshot(storage, table.location, change);
      table = await commitWithRetries(catalog, table, (base) => staged.build(base));
    };
    await commit(1, [file(FileContent.Data, '/d/a1', 'acme'), file(FileContent.Data, '/d/b1', 'beta')]);
    await commit(
      2,
      [file(FileContent.Data, '/d/a2', 'acme')],
      [file(FileContent.PositionDeletes, '/d/a-del', 'acme')],
    );
    await commit(3, [file(FileContent.Data, '/d/a3', 'acme')]);

    const [first, , third] = listSnapshots(table.metadata);
    const now = await planFiles(storage, table.metadata);
    expect(now?.snapshot).toBe(third);
    const sequence = (path: string) => now?.dataFiles.find((f) => f.file.path === path)?.dataSequenceNumber;
    expect([sequence('/d/a1'), sequence('/d/b1'), sequence('/d/a2'), sequence('/d/a3')]).toEqual([
      1n,
      1n,
      2n,
      3n,
    ]);
    expect(now?.dataFiles.every((f) => f.fileSequenceNumber === f.dataSequenceNumber)).toBe(true);
    expect(now?.deleteFiles.map((f) => [f.file.path, f.dataSequenceNumber, f.snapshotId])).toEqual([
      ['/d/a-del', 2n, 2n ** 62n + 2n],
    ]);
    // The delete of commit 2 applies to acme's files up to its sequence number, not beta's nor later ones.
    const applies = (path: string) =>
      deletesFor(
        now?.dataFiles.find((f) => f.file.path === path) as never,
        now?.deleteFiles ?? [],
        table.metadata,
      ).map((d) => d.file.path);
    expect([applies('/d/a1'), applies('/d/a2'), applies('/d/b1'), applies('/d/a3')]).toEqual([
      ['/d/a-del'],
      ['/d/a-del'],
      [],
      [],
    ]);

    const then = await planFiles(storage, table.metadata, first);
    expect(then?.dataFiles.map((f) => f.file.path).sort()).toEqual(['/d/a1', '/d/b1']);
    expect(then?.deleteFiles).toEqual([]);
  });
});
