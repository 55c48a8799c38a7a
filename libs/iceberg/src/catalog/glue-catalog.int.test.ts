import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetTableCommand, GetTableVersionsCommand, GlueClient } from '@aws-sdk/client-glue';
import { localStorage } from '@lakestream/storage';
import { readLakeTables, startGlueServer, uniqueName } from '@lakestream/testkit';
import { IcebergError } from '../errors';
import { contentFileOf } from '../manifest/content-file';
import { FileContent } from '../manifest/types';
import { currentSnapshotId } from '../metadata';
import { encodeDataFile } from '../parquet/encode';
import { newSnapshotId, stagedSnapshot } from '../snapshot';
import type { IcebergSchema } from '../types';
import type { LoadedTable } from './catalog';
import { commitWithRetries } from './commit';
import { glueCatalog } from './glue-catalog';

jest.setTimeout(5 * 60_000);

const schema: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', required: true, type: 'long' },
    { id: 2, name: 'name', required: false, type: 'string' },
  ],
};

/**
 * The Glue catalog against a local Glue API: moto in server mode, the only one that runs locally.
 * moto keeps table versions but does not check UpdateTable's VersionId, so what is tested here is the
 * Iceberg convention (parameters, metadata files, requirements, readers finding the table through
 * metadata_location), not Glue's own refusal of a stale version.
 */
describe('the AWS Glue catalog (moto server)', () => {
  let server: Awaited<ReturnType<typeof startGlueServer>>;
  let glue: GlueClient;
  let folder: string;

  beforeAll(async () => {
    server = await startGlueServer();
    glue = new GlueClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    folder = await mkdtemp(join(tmpdir(), 'glue-'));
  });
  afterAll(async () => {
    glue?.destroy();
    await server?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  async function append(
    catalog: ReturnType<typeof glueCatalog>,
    table: LoadedTable,
    rows: { id: bigint; name: string }[],
  ) {
    const storage = localStorage(folder);
    const encoded = await encodeDataFile(schema, rows);
    const path = join(table.location, 'data', `${uniqueName('f')}.parquet`);
    await storage.write(path, encoded.bytes);
    const staged = stagedSnapshot(storage, table.location, {
      snapshotId: newSnapshotId(),
      timestampMs: Date.now(),
      dataFiles: [contentFileOf(FileContent.Data, path, [], encoded, schema)],
      deleteFiles: [],
      schema,
      properties: {},
    });
    return commitWithRetries(catalog, table, (base) => staged.build(base));
  }

  it('creates, commits and lists tables by the Iceberg Glue convention, refuses a stale commit, and other engines read what metadata_location names', async () => {
    const storage = localStorage(folder);
    const catalog = glueCatalog({ storage, glue });
    const identifier = { namespace: [uniqueName('ns').replace(/-/g, '_')], name: 'items' };
    const created = await catalog.createTable(identifier, { schema });
    await expect(catalog.createTable(identifier, { schema })).rejects.toMatchObject({
      code: 'ICEBERG_TABLE_EXISTS',
    });
    expect(created.metadataLocation).toMatch(/\/metadata\/00000-[0-9a-f-]+\.metadata\.json$/);

    const first = await append(catalog, created, [{ id: 1n, name: 'one' }]);
    const second = await append(catalog, first, [{ id: 2n, name: 'two' }]);
    expect(second.metadataLocation).toMatch(/\/metadata\/00002-[0-9a-f-]+\.metadata\.json$/);

    const { Table } = await glue.send(
      new GetTableCommand({ DatabaseName: identifier.namespace[0], Name: 'items' }),
    );
    expect(Table?.TableType).toBe('EXTERNAL_TABLE');
    expect(Table?.Parameters).toEqual({
      table_type: 'ICEBERG',
      metadata_location: second.metadataLocation,
      previous_metadata_location: first.metadataLocation,
    });
    expect(Table?.StorageDescriptor?.Columns?.map((c) => [c.Name, c.Type])).toEqual([
      ['id', 'bigint'],
      ['name', 'string'],
    ]);
    const versions = await glue.send(
      new GetTableVersionsCommand({ DatabaseName: identifier.namespace[0], TableName: 'items' }),
    );
    expect(versions.TableVersions?.length).toBe(3);

    const loaded = (await catalog.loadTable(identifier)) as LoadedTable;
    expect(loaded.metadataLocation).toBe(second.metadataLocation);
    expect(currentSnapshotId(loaded.metadata)).toBe(currentSnapshotId(second.metadata));
    expect(await catalog.listTables()).toContainEqual(identifier);
    expect(await catalog.loadTable({ namespace: identifier.namespace, name: 'absent' })).toBeUndefined();

    // Built on the first commit's metadata: main has moved since, so the requirement fails.
    const stale = stagedSnapshot(storage, first.location, {
      snapshotId: newSnapshotId(),
      timestampMs: Date.now(),
      dataFiles: [],
      deleteFiles: [],
      schema,
      properties: {},
    });
    const { requirements, updates } = await stale.build(first);
    await expect(catalog.commitTable(identifier, requirements, updates)).rejects.toMatchObject({
      code: 'ICEBERG_COMMIT_CONFLICT',
    });
    await expect(catalog.commitTable(identifier, requirements, updates)).rejects.toBeInstanceOf(IcebergError);

    for (const reader of ['pyiceberg', 'java'] as const) {
      const [result] = await readLakeTables(reader, {
        reads: [{ metadataLocation: loaded.metadataLocation }],
      });
      expect(result?.rows.map((r) => [r.id, r.name]).sort()).toEqual([
        ['1', 'one'],
        ['2', 'two'],
      ]);
    }
  });
});
