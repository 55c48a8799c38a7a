import avro from 'avsc';
import { bindSpec } from '../partition';
import type { IcebergSchema } from '../types';
import { decodeManifest, decodeManifestList, encodeManifest, encodeManifestList } from './codec';
import { partitionSummaries } from './summaries';
import { type ContentFile, EntryStatus, FileContent } from './types';

const schema: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'tenant_id', required: false, type: 'string' },
    { id: 2, name: 'at', required: true, type: 'timestamptz' },
  ],
};
const fields = bindSpec(
  {
    'spec-id': 0,
    fields: [
      { 'source-id': 1, 'field-id': 1000, name: 'tenant_id', transform: 'identity' },
      { 'source-id': 2, 'field-id': 1001, name: 'at_day', transform: 'day' },
    ],
  },
  schema,
);

const file = (path: string, tenant: string | null, day: number): ContentFile => ({
  content: FileContent.Data,
  path,
  partition: [tenant, day],
  recordCount: 3,
  sizeInBytes: 1234,
  columnSizes: new Map([[1, 10]]),
  valueCounts: new Map([[1, 3]]),
  nullValueCounts: new Map([[1, 0]]),
  lowerBounds: new Map([[1, Uint8Array.from([0x61])]]),
  upperBounds: new Map([[1, Uint8Array.from([0x7a])]]),
});

/** The writer schema in an Avro file's header, as every reader sees it. */
function headerOf(bytes: Buffer): Promise<{ schema: unknown; meta: Record<string, Buffer> }> {
  return new Promise((resolve, reject) => {
    const decoder = new avro.streams.BlockDecoder();
    decoder.on('metadata', (_type: unknown, _codec: unknown, header: { meta: Record<string, Buffer> }) =>
      resolve({ schema: JSON.parse(String(header.meta['avro.schema'])), meta: header.meta }),
    );
    decoder.on('error', reject);
    decoder.on('data', () => undefined);
    decoder.end(bytes);
  });
}

function fieldsWithoutIds(schema: unknown, path = ''): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s) => fieldsWithoutIds(s, path));
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as {
    type?: unknown;
    fields?: { name: string; type: unknown; 'field-id'?: number }[];
    items?: unknown;
  };
  const missing: string[] = [];
  for (const field of node.fields ?? []) {
    if (field['field-id'] === undefined) missing.push(`${path}${field.name}`);
    missing.push(...fieldsWithoutIds(field.type, `${path}${field.name}.`));
  }
  if (node.items) missing.push(...fieldsWithoutIds(node.items, path));
  if (node.type && typeof node.type === 'object') missing.push(...fieldsWithoutIds(node.type, path));
  return missing;
}

describe('manifests (spec "Manifests")', () => {
  it('round-trips entries and keeps a field id on every field of the header schema', async () => {
    const files = [
      file('s3://b/t/data/a.parquet', 'acme', 17486),
      file('s3://b/t/data/b.parquet', null, 17487),
    ];
    const bytes = await encodeManifest(
      { schema, specId: 0, partitionFields: fields, content: FileContent.Data },
      files.map((f) => ({
        status: EntryStatus.Added,
        snapshotId: 42,
        sequenceNumber: null,
        fileSequenceNumber: null,
        file: f,
      })),
    );
    const { schema: written, meta } = await headerOf(bytes);
    expect(fieldsWithoutIds(written)).toEqual([]);
    expect(String(meta['format-version'])).toBe('2');
    expect(String(meta.content)).toBe('data');
    expect(JSON.parse(String(meta['partition-spec']))).toHaveLength(2);
    expect(JSON.parse(String(meta.schema))).toEqual(schema);

    const entries = await decodeManifest(bytes, fields);
    expect(
      entries.map((e) => [e.status, e.snapshotId, e.sequenceNumber, e.file.path, e.file.partition]),
    ).toEqual([
      [EntryStatus.Added, 42, null, 's3://b/t/data/a.parquet', ['acme', 17486]],
      [EntryStatus.Added, 42, null, 's3://b/t/data/b.parquet', [null, 17487]],
    ]);
    expect(Buffer.from(entries[0]?.file.upperBounds.get(1) ?? []).toString()).toBe('z');
  });

  it('round-trips a manifest list with partition summaries', async () => {
    const files = [file('a', 'acme', 10), file('b', null, 12), file('c', 'beta', 11)];
    const summaries = partitionSummaries(fields, files);
    expect(summaries[0]).toMatchObject({ containsNull: true });
    expect(Buffer.from(summaries[0]?.lowerBound ?? []).toString()).toBe('acme');
    expect(Buffer.from(summaries[0]?.upperBound ?? []).toString()).toBe('beta');
    expect(Buffer.from(summaries[1]?.lowerBound ?? []).readInt32LE(0)).toBe(10);
    expect(Buffer.from(summaries[1]?.upperBound ?? []).readInt32LE(0)).toBe(12);

    const manifest = {
      path: 's3://b/t/metadata/m0.avro',
      length: 99,
      partitionSpecId: 0,
      content: FileContent.PositionDeletes,
      sequenceNumber: 7,
      minSequenceNumber: 7,
      addedSnapshotId: 42,
      addedFilesCount: 3,
      existingFilesCount: 0,
      deletedFilesCount: 0,
      addedRowsCount: 9,
      existingRowsCount: 0,
      deletedRowsCount: 0,
      partitions: summaries,
    };
    const bytes = await encodeManifestList({ snapshotId: 42, parentSnapshotId: 41, sequenceNumber: 7 }, [
      manifest,
    ]);
    const { schema: written, meta } = await headerOf(bytes);
    expect(fieldsWithoutIds(written)).toEqual([]);
    expect(String(meta['parent-snapshot-id'])).toBe('41');
    const [decoded] = await decodeManifestList(bytes);
    expect(decoded).toMatchObject({ ...manifest, partitions: expect.any(Array) });
    expect(decoded?.partitions[0]?.containsNull).toBe(true);
  });
});
