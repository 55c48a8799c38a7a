import avro from 'avsc';
import { bindSpec, type PartitionSpec } from '../partition';
import type { IcebergSchema } from '../types';
import { avroType, writeContainer } from './avro-container';
import { decodeManifest, decodeManifestList, encodeManifest, encodeManifestList } from './codec';
import { partitionSummaries } from './summaries';
import { type ContentFile, EntryStatus, FileContent, type ManifestEntry } from './types';

const schema: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'tenant_id', required: false, type: 'string' },
    { id: 2, name: 'at', required: true, type: 'timestamptz' },
  ],
};
const spec: PartitionSpec = {
  'spec-id': 0,
  fields: [
    { 'source-id': 1, 'field-id': 1000, name: 'tenant_id', transform: 'identity' },
    { 'source-id': 2, 'field-id': 1001, name: 'at_day', transform: 'day' },
  ],
};
const fields = bindSpec(spec, schema);

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
        snapshotId: 2n ** 62n + 42n,
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

    const entries = await decodeManifest(bytes, spec);
    expect(
      entries.map((e) => [e.status, e.snapshotId, e.sequenceNumber, e.file.path, e.file.partition]),
    ).toEqual([
      [EntryStatus.Added, 2n ** 62n + 42n, null, 's3://b/t/data/a.parquet', ['acme', 17486]],
      [EntryStatus.Added, 2n ** 62n + 42n, null, 's3://b/t/data/b.parquet', [null, 17487]],
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
      sequenceNumber: 2n ** 60n + 7n,
      minSequenceNumber: 2n ** 60n + 1n,
      addedSnapshotId: 2n ** 62n + 42n,
      addedFilesCount: 3,
      existingFilesCount: 0,
      deletedFilesCount: 0,
      addedRowsCount: 9,
      existingRowsCount: 0,
      deletedRowsCount: 0,
      partitions: summaries,
      keyMetadata: null,
    };
    const bytes = await encodeManifestList(
      { snapshotId: 2n ** 62n + 42n, parentSnapshotId: 2n ** 62n + 41n, sequenceNumber: 2n ** 60n + 7n },
      [manifest],
    );
    const { schema: written, meta } = await headerOf(bytes);
    expect(fieldsWithoutIds(written)).toEqual([]);
    expect(String(meta['parent-snapshot-id'])).toBe(String(2n ** 62n + 41n));
    const [decoded] = await decodeManifestList(bytes);
    expect(decoded).toMatchObject({ ...manifest, partitions: expect.any(Array) });
    expect(decoded?.partitions[0]?.containsNull).toBe(true);
  });
});

describe('manifests another engine wrote', () => {
  const optional = (type: unknown) => ['null', type];
  // Its own names, order and extra fields; only the field ids are the spec's.
  const foreignEntry = {
    type: 'record',
    name: 'manifest_entry',
    fields: [
      { name: 'status', type: 'int', 'field-id': 0 },
      { name: 'snapshot_id', type: optional('long'), 'field-id': 1 },
      { name: 'sequence_number', type: optional('long'), 'field-id': 3 },
      { name: 'file_sequence_number', type: optional('long'), 'field-id': 4 },
      {
        name: 'data_file',
        'field-id': 2,
        type: {
          type: 'record',
          name: 'r2',
          fields: [
            { name: 'content', type: 'int', 'field-id': 134 },
            { name: 'file_path', type: 'string', 'field-id': 100 },
            { name: 'file_format', type: 'string', 'field-id': 101 },
            {
              name: 'partition',
              'field-id': 102,
              type: {
                type: 'record',
                name: 'r102',
                fields: [
                  // The reference implementation's name for a partition field called "order-id".
                  { name: 'order_x2Did', type: optional('long'), 'field-id': 1001 },
                  { name: 'day', type: optional({ type: 'int', logicalType: 'date' }), 'field-id': 1000 },
                ],
              },
            },
            { name: 'record_count', type: 'long', 'field-id': 103 },
            { name: 'file_size_in_bytes', type: 'long', 'field-id': 104 },
            {
              name: 'nan_value_counts',
              'field-id': 137,
              type: optional({
                type: 'array',
                logicalType: 'map',
                items: {
                  type: 'record',
                  name: 'k138_v139',
                  fields: [
                    { name: 'key', type: 'int', 'field-id': 138 },
                    { name: 'value', type: 'long', 'field-id': 139 },
                  ],
                },
              }),
            },
            {
              name: 'split_offsets',
              'field-id': 132,
              type: optional({ type: 'array', items: 'long', 'element-id': 133 }),
            },
            { name: 'sort_order_id', type: optional('int'), 'field-id': 140 },
            { name: 'first_row_id', type: optional('long'), 'field-id': 142 },
            { name: 'referenced_data_file', type: optional('string'), 'field-id': 143 },
          ],
        },
      },
    ],
  };
  const big = 2n ** 62n + 3n;
  const spec: PartitionSpec = {
    'spec-id': 3,
    fields: [
      { 'source-id': 2, 'field-id': 1000, name: 'day', transform: 'day' },
      { 'source-id': 1, 'field-id': 1001, name: 'order-id', transform: 'identity' },
    ],
  };

  it('reads entries by field id, with 64-bit values exact, and writes back what it does not use', async () => {
    const record = {
      status: 0,
      snapshot_id: big,
      sequence_number: 2n ** 60n,
      file_sequence_number: 2n ** 60n - 1n,
      data_file: {
        content: 1,
        file_path: 's3://b/t/data/d.parquet',
        file_format: 'ORC',
        partition: { order_x2Did: 2n ** 55n + 1n, day: -3 },
        record_count: 5n,
        file_size_in_bytes: 2048n,
        nan_value_counts: [{ key: 3, value: 2n }],
        split_offsets: [4n, 2n ** 40n],
        sort_order_id: null,
        first_row_id: null,
        referenced_data_file: 's3://b/t/data/a.parquet',
      },
    };
    const bytes = writeContainer(foreignEntry, avroType(foreignEntry), [record], { 'format-version': '2' });
    const [entry] = await decodeManifest(bytes, spec);
    expect(entry).toMatchObject({
      status: EntryStatus.Existing,
      snapshotId: big,
      sequenceNumber: 2n ** 60n,
      fileSequenceNumber: 2n ** 60n - 1n,
      file: {
        content: FileContent.PositionDeletes,
        format: 'ORC',
        // In the spec's field order, whatever the writer's.
        partition: [-3, 2n ** 55n + 1n],
        recordCount: 5,
        sizeInBytes: 2048,
        nanValueCounts: new Map([[3, 2]]),
        splitOffsets: [4n, 2n ** 40n],
        sortOrderId: null,
        referencedDataFile: 's3://b/t/data/a.parquet',
      },
    });

    // Rewritten in our own manifest (as a merge does), then read back: the same entry.
    const again = await encodeManifest(
      {
        schema: {
          type: 'struct',
          'schema-id': 0,
          fields: [
            { id: 1, name: 'order-id', required: false, type: 'long' },
            { id: 2, name: 'at', required: false, type: 'date' },
          ],
        },
        specId: 3,
        partitionFields: bindSpec(spec, {
          type: 'struct',
          'schema-id': 0,
          fields: [
            { id: 1, name: 'order-id', required: false, type: 'long' },
            { id: 2, name: 'at', required: false, type: 'date' },
          ],
        }),
        content: FileContent.PositionDeletes,
      },
      [entry as ManifestEntry],
    );
    expect(await decodeManifest(again, spec)).toEqual([entry]);
    const { schema: written } = await headerOf(again);
    expect(JSON.stringify(written)).toContain('"name":"order_x2Did"');
  });

  it('reads a manifest list that uses the format v1 names, which the spec reads by id', async () => {
    const v1List = {
      type: 'record',
      name: 'manifest_file',
      fields: [
        { name: 'manifest_path', type: 'string', 'field-id': 500 },
        { name: 'manifest_length', type: 'long', 'field-id': 501 },
        { name: 'partition_spec_id', type: 'int', 'field-id': 502 },
        { name: 'added_snapshot_id', type: optional('long'), 'field-id': 503 },
        { name: 'added_data_files_count', type: optional('int'), 'field-id': 504 },
        { name: 'existing_data_files_count', type: optional('int'), 'field-id': 505 },
        { name: 'deleted_data_files_count', type: optional('int'), 'field-id': 506 },
      ],
    };
    const bytes = writeContainer(
      v1List,
      avroType(v1List),
      [
        {
          manifest_path: 'm.avro',
          manifest_length: 10n,
          partition_spec_id: 0,
          added_snapshot_id: big,
          added_data_files_count: 2,
          existing_data_files_count: null,
          deleted_data_files_count: 1,
        },
      ],
      {},
    );
    expect(await decodeManifestList(bytes)).toEqual([
      {
        path: 'm.avro',
        length: 10,
        partitionSpecId: 0,
        content: FileContent.Data,
        sequenceNumber: 0n,
        minSequenceNumber: 0n,
        addedSnapshotId: big,
        addedFilesCount: 2,
        existingFilesCount: 0,
        deletedFilesCount: 1,
        addedRowsCount: 0,
        existingRowsCount: 0,
        deletedRowsCount: 0,
        partitions: [],
        keyMetadata: null,
      },
    ]);
  });

  it('says which file is not a manifest', async () => {
    await expect(
      decodeManifest(Buffer.from('not avro'), spec, 's3://b/t/metadata/x.avro'),
    ).rejects.toMatchObject({
      code: 'ICEBERG_BAD_METADATA',
      message: expect.stringMatching(/^s3:\/\/b\/t\/metadata\/x\.avro: /),
    });
  });
});
