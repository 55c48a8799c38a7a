import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { localStorage, s3Storage } from './storage';

describe('locations other engines record', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'storage-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('reads a local file named by a path, a file:/// URI (pyiceberg) or a file:/ URI (Java)', async () => {
    const storage = localStorage(folder);
    const path = join(folder, 'ns', 't', 'a.avro');
    await storage.write(pathToFileURL(path).href, new Uint8Array([1, 2]));
    for (const location of [path, pathToFileURL(path).href, `file:${path}`]) {
      expect([location, await storage.read(location)]).toEqual([location, Buffer.from([1, 2])]);
      expect(await storage.exists(location)).toBe(true);
    }
    expect(await storage.createExclusive(`file:${path}`, new Uint8Array([3]))).toBe(false);
    expect(await storage.list(`${pathToFileURL(join(folder, 'ns', 't')).href}/`)).toEqual([path]);
  });

  it('lists a folder at every depth with sizes and times, and removes a file once or twice alike', async () => {
    const storage = localStorage(join(folder, 'tree'));
    const before = Date.now() - 1_000;
    await storage.write(join(folder, 'tree', 't', 'metadata', 'v1.metadata.json'), new Uint8Array(3));
    await storage.write(join(folder, 'tree', 't', 'data', 'a=1', 'f.parquet'), new Uint8Array(5));
    const listed = await storage.listTree(`${join(folder, 'tree', 't')}/`);
    expect(listed.map((o) => [o.location.slice(folder.length), o.size]).sort()).toEqual([
      ['/tree/t/data/a=1/f.parquet', 5],
      ['/tree/t/metadata/v1.metadata.json', 3],
    ]);
    expect(listed.every((o) => o.modifiedMs >= before && o.modifiedMs <= Date.now())).toBe(true);
    await storage.remove(join(folder, 'tree', 't', 'data', 'a=1', 'f.parquet'));
    await storage.remove(join(folder, 'tree', 't', 'data', 'a=1', 'f.parquet'));
    expect((await storage.listTree(`${join(folder, 'tree')}/`)).map((o) => o.size)).toEqual([3]);
    expect(await storage.listTree(`${join(folder, 'nothing')}/`)).toEqual([]);
  });

  it('maps s3://, s3a:// and s3n:// locations in the bucket to the same key', async () => {
    const keys: string[] = [];
    const client = {
      send: async (command: { input: { Key: string } }) => {
        keys.push(command.input.Key);
        return {};
      },
    } as unknown as S3Client;
    const storage = s3Storage(client, 's3://lake.bucket/wh');
    for (const scheme of ['s3', 's3a', 's3n']) await storage.exists(`${scheme}://lake.bucket/wh/t/x.avro`);
    expect(keys).toEqual(['wh/t/x.avro', 'wh/t/x.avro', 'wh/t/x.avro']);
    await expect(storage.exists('s3://lakeXbucket/wh/t/x.avro')).rejects.toThrow(
      /outside the warehouse bucket/,
    );
  });
});
