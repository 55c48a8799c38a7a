import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStorage } from '@lakestream/storage';
import { commitTable, loadOrCreateTable, loadTable, metadataLocation } from './catalog';
import type { IcebergSchema } from './types';

const schema: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [{ id: 1, name: 'id', required: true, type: 'long' }],
};

describe('file catalog on a local disk (spec "File System Tables")', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'catalog-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  const create = (location: string) =>
    loadOrCreateTable(localStorage(folder), {
      location,
      schema,
      spec: { 'spec-id': 0, fields: [] },
      properties: {},
      now: 1,
    });

  it('creates version 1 once; a second creator gets the first one’s table', async () => {
    const location = join(folder, 'ns', 't');
    const [a, b] = await Promise.all([create(location), create(location)]);
    expect(a.version).toBe(1);
    expect(b.metadata['table-uuid']).toBe(a.metadata['table-uuid']);
  });

  it('lets exactly one of two commits on the same base win; the loser rebases on the winner', async () => {
    const storage = localStorage(folder);
    const base = await create(join(folder, 'ns', 't'));
    const builds: number[] = [];
    const commit = (name: string) =>
      commitTable(storage, base, async (on) => {
        builds.push(on.version);
        return { ...on.metadata, properties: { ...on.metadata.properties, [name]: String(on.version) } };
      });
    const [a, b] = await Promise.all([commit('a'), commit('b')]);
    expect([a.version, b.version].sort()).toEqual([2, 3]);
    const newest = await loadTable(storage, base.location);
    expect(newest?.version).toBe(3);
    // The loser built twice: once on the shared base, once on the winner's metadata, keeping its change.
    expect(builds.sort()).toEqual([1, 1, 2]);
    expect(Object.keys(newest?.metadata.properties ?? {}).sort()).toEqual(['a', 'b']);
  });

  it('finds the newest version past a stale or missing version hint', async () => {
    const storage = localStorage(folder);
    const base = await create(join(folder, 'ns', 't'));
    let table = base;
    for (let i = 0; i < 3; i += 1) table = await commitTable(storage, table, async (on) => on.metadata);
    expect(table.version).toBe(4);
    await writeFile(join(base.location, 'metadata', 'version-hint.text'), '2');
    expect((await loadTable(storage, base.location))?.metadataLocation).toBe(
      metadataLocation(base.location, 4),
    );
    await rm(join(base.location, 'metadata', 'version-hint.text'));
    expect((await loadTable(storage, base.location))?.version).toBe(4);
    expect(await loadTable(storage, join(folder, 'ns', 'absent'))).toBeUndefined();
  });
});
