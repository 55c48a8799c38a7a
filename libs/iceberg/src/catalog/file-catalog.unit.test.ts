import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStorage } from '@lakestream/storage';
import type { IcebergSchema } from '../types';
import type { LoadedTable, TableCommit, TableIdentifier } from './catalog';
import { commitWithRetries, loadOrCreateTable } from './commit';
import { fileCatalog, metadataLocation, readFileTable } from './file-catalog';

const schema: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [{ id: 1, name: 'id', required: true, type: 'long' }],
};
const id: TableIdentifier = { namespace: ['ns'], name: 't' };

/** A commit that adds the next schema and makes it current: it needs the current schema unchanged. */
const nextSchema = (table: LoadedTable, label: string): TableCommit => {
  const current = table.metadata['current-schema-id'];
  const next = current + 1;
  return {
    requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': current }],
    updates: [
      {
        action: 'add-schema',
        schema: {
          ...schema,
          'schema-id': next,
          fields: [...schema.fields, { id: next + 1, name: label, required: false, type: 'string' }],
        },
      },
      { action: 'set-current-schema', 'schema-id': -1 },
    ],
  };
};

describe('file catalog on a local disk (spec "File System Tables")', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'catalog-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('puts a table in <warehouse>/<namespace>/<name>, creates version 1 once, and refuses a second create', async () => {
    const catalog = fileCatalog(localStorage(folder), { now: () => 1 });
    expect(catalog.tableLocation(id)).toBe(join(folder, 'ns', 't'));
    const table = await catalog.createTable(id, { schema });
    expect(table.metadataLocation).toBe(metadataLocation(join(folder, 'ns', 't'), 1));
    expect(table.metadata).toMatchObject({
      'format-version': 2,
      location: join(folder, 'ns', 't'),
      'last-sequence-number': 0n,
    });
    await expect(catalog.createTable(id, { schema })).rejects.toMatchObject({ code: 'ICEBERG_TABLE_EXISTS' });
    expect(await readFile(join(folder, 'ns', 't', 'metadata', 'version-hint.text'), 'utf8')).toBe('1');
  });

  it('lets one of two concurrent creators create; the other loads its table', async () => {
    const [a, b] = await Promise.all(
      [1, 2].map(() => loadOrCreateTable(fileCatalog(localStorage(folder)), id, { schema })),
    );
    expect(b?.metadata['table-uuid']).toBe(a?.metadata['table-uuid']);
  });

  it('lets exactly one of two commits on the same base win; the loser builds again on the winner', async () => {
    // Two catalogs, as two processes would have.
    const [one, two] = [fileCatalog(localStorage(folder)), fileCatalog(localStorage(folder))];
    const base = await one.createTable(id, { schema });
    const builds: string[] = [];
    const commit = (catalog: typeof one, label: string) =>
      commitWithRetries(catalog, base, async (on) => {
        builds.push(on.metadataLocation);
        return nextSchema(on, label);
      });
    const results = await Promise.all([commit(one, 'a'), commit(two, 'b')]);
    expect(results.map((r) => r.metadataLocation).sort()).toEqual([
      metadataLocation(join(folder, 'ns', 't'), 2),
      metadataLocation(join(folder, 'ns', 't'), 3),
    ]);
    // The loser built twice: once on the shared base, once on the winner's metadata.
    expect(builds.map((b) => b.replace(/.*\//, '')).sort()).toEqual([
      'v1.metadata.json',
      'v1.metadata.json',
      'v2.metadata.json',
    ]);
    const newest = await one.loadTable(id);
    expect(newest?.metadata.schemas.map((s) => s['schema-id'])).toEqual([0, 1, 2]);
    expect(newest?.metadata['current-schema-id']).toBe(2);
    expect(newest?.metadata['metadata-log']?.map((m) => m['metadata-file'].replace(/.*\//, ''))).toEqual([
      'v1.metadata.json',
      'v2.metadata.json',
    ]);
  });

  it('applies a commit whose requirements still hold after a lost race, without the writer building again', async () => {
    const [one, two] = [fileCatalog(localStorage(folder)), fileCatalog(localStorage(folder))];
    const base = await one.createTable(id, { schema });
    await two.loadTable(id);
    const requirements = [{ type: 'assert-table-uuid' as const, uuid: base.metadata['table-uuid'] }];
    await one.commitTable(id, requirements, [{ action: 'set-properties', updates: { a: '1' } }]);
    // two still remembers v1: its create of v2 loses, and it lands on v3.
    const landed = await two.commitTable(id, requirements, [
      { action: 'set-properties', updates: { b: '2' } },
    ]);
    expect(landed.metadataLocation).toBe(metadataLocation(join(folder, 'ns', 't'), 3));
    expect(landed.metadata.properties).toEqual({ a: '1', b: '2' });
  });

  it('refuses a commit whose requirement fails as a retryable conflict', async () => {
    const catalog = fileCatalog(localStorage(folder));
    await catalog.createTable(id, { schema });
    const refused = catalog.commitTable(
      id,
      [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': 2n ** 62n }],
      [{ action: 'set-properties', updates: { a: '1' } }],
    );
    await expect(refused).rejects.toMatchObject({
      code: 'ICEBERG_COMMIT_CONFLICT',
      canRetry: true,
      message: expect.stringContaining(`ref main is at snapshot none, expected ${2n ** 62n}`),
    });
    await expect(
      catalog.commitTable(
        { namespace: ['ns'], name: 'absent' },
        [],
        [{ action: 'set-properties', updates: {} }],
      ),
    ).rejects.toMatchObject({ code: 'ICEBERG_NOT_FOUND' });
  });

  it('finds the newest version past a stale or missing version hint', async () => {
    const storage = localStorage(folder);
    const catalog = fileCatalog(storage);
    const base = await catalog.createTable(id, { schema });
    for (let i = 0; i < 3; i += 1)
      await catalog.commitTable(id, [], [{ action: 'set-properties', updates: { n: String(i) } }]);
    await writeFile(join(base.location, 'metadata', 'version-hint.text'), '2');
    expect((await readFileTable(storage, base.location))?.metadataLocation).toBe(
      metadataLocation(base.location, 4),
    );
    await rm(join(base.location, 'metadata', 'version-hint.text'));
    expect((await fileCatalog(storage).loadTable(id))?.metadataLocation).toBe(
      metadataLocation(base.location, 4),
    );
    expect(await readFileTable(storage, join(folder, 'ns', 'absent'))).toBeUndefined();
  });
});
