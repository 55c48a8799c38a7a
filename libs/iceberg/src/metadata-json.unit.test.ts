import { IcebergError } from './errors';
import { currentSnapshot, currentSnapshotId } from './metadata';
import { parseTableMetadata, serializeTableMetadata } from './metadata-json';

// Metadata as the reference implementation writes it (compact JSON, its field order), with ids and
// sequence numbers above 2^53, and fields this package does not name: statistics, an engine's own
// property with a 64-bit value, nested schema types, a float default written as 1.0.
const ID_A = '6044937339052466471';
const ID_B = '9223372036854775807';
const foreign = JSON.stringify({
  'format-version': 2,
  'table-uuid': '9c12d441-03fe-4693-9a96-a0705ddf69c1',
  location: 's3://bucket/ns/t',
  'last-sequence-number': 0,
  'last-updated-ms': 1733443200123,
  'last-column-id': 5,
  'current-schema-id': 0,
  schemas: [
    {
      type: 'struct',
      'schema-id': 0,
      'identifier-field-ids': [1],
      fields: [
        { id: 1, name: 'id', required: true, type: 'long' },
        {
          id: 2,
          name: 'tags',
          required: false,
          type: { type: 'list', 'element-id': 4, element: 'string', 'element-required': false },
        },
        { id: 3, name: 'ratio', required: false, type: 'double', 'write-default': 'RATIO' },
      ],
    },
  ],
  'default-spec-id': 0,
  'partition-specs': [{ 'spec-id': 0, fields: [] }],
  'last-partition-id': 999,
  'default-sort-order-id': 0,
  'sort-orders': [{ 'order-id': 0, fields: [] }],
  properties: { 'write.parquet.compression-codec': 'zstd' },
  'current-snapshot-id': 'ID_B',
  refs: { main: { 'snapshot-id': 'ID_B', type: 'branch', 'max-ref-age-ms': 86400000 } },
  snapshots: [
    {
      'sequence-number': 'SEQ_A',
      'snapshot-id': 'ID_A',
      'timestamp-ms': 1733443200000,
      summary: { operation: 'append', 'added-records': '3' },
      'manifest-list': 's3://bucket/ns/t/metadata/snap-a.avro',
      'schema-id': 0,
    },
    {
      'sequence-number': 'SEQ_B',
      'snapshot-id': 'ID_B',
      'parent-snapshot-id': 'ID_A',
      'timestamp-ms': 1733443200123,
      summary: { operation: 'overwrite' },
      'manifest-list': 's3://bucket/ns/t/metadata/snap-b.avro',
      'schema-id': 0,
      'first-row-id': 'BIG',
    },
  ],
  statistics: [
    {
      'snapshot-id': 'ID_B',
      'statistics-path': 's3://bucket/ns/t/metadata/stats.puffin',
      'file-size-in-bytes': 413,
      'blob-metadata': [],
    },
  ],
  'snapshot-log': [
    { 'timestamp-ms': 1733443200000, 'snapshot-id': 'ID_A' },
    { 'timestamp-ms': 1733443200123, 'snapshot-id': 'ID_B' },
  ],
  'metadata-log': [
    { 'timestamp-ms': 1733443100000, 'metadata-file': 's3://bucket/ns/t/metadata/v1.metadata.json' },
  ],
  'engine-extra': 'RATIO',
})
  // The numbers JSON.stringify cannot write: ids beyond 2^53, and texts a double would reformat.
  .replaceAll('"ID_A"', ID_A)
  .replaceAll('"ID_B"', ID_B)
  .replaceAll('"SEQ_A"', String(2n ** 60n + 1n))
  .replaceAll('"SEQ_B"', String(2n ** 60n + 2n))
  .replaceAll('"BIG"', '18014398509481985')
  .replaceAll('"RATIO"', '1.0')
  .replace('"last-sequence-number":0', `"last-sequence-number":${2n ** 60n + 2n}`);

describe('table metadata JSON, exactly (spec Appendix C)', () => {
  it('reads snapshot ids, parents and sequence numbers above 2^53 as exact bigints', () => {
    const metadata = parseTableMetadata(foreign);
    expect(currentSnapshotId(metadata)).toBe(BigInt(ID_B));
    expect(metadata['last-sequence-number']).toBe(2n ** 60n + 2n);
    expect(
      metadata.snapshots?.map((s) => [s['snapshot-id'], s['parent-snapshot-id'], s['sequence-number']]),
    ).toEqual([
      [BigInt(ID_A), undefined, 2n ** 60n + 1n],
      [BigInt(ID_B), BigInt(ID_A), 2n ** 60n + 2n],
    ]);
    expect(currentSnapshot(metadata)?.['manifest-list']).toMatch(/snap-b/);
    expect(metadata.refs?.main?.['snapshot-id']).toBe(BigInt(ID_B));
    expect(metadata['snapshot-log']?.[0]?.['snapshot-id']).toBe(BigInt(ID_A));
    // Everyday numbers stay numbers.
    expect(metadata['last-updated-ms']).toBe(1733443200123);
    expect(metadata.schemas[0]?.fields[0]?.id).toBe(1);
  });

  it('writes back every byte of a document it did not change', () => {
    const text = new TextDecoder().decode(serializeTableMetadata(parseTableMetadata(foreign)));
    expect(text).toBe(foreign);
    expect(text).toContain('"first-row-id":18014398509481985');
    expect(text).toContain('"write-default":1.0');
  });

  it('keeps every field it does not change when a field is changed', () => {
    const metadata = parseTableMetadata(foreign);
    const changed = { ...metadata, properties: { ...metadata.properties, owner: 'lake' } };
    const text = new TextDecoder().decode(serializeTableMetadata(changed));
    expect(text).toBe(foreign.replace('"zstd"}', '"zstd","owner":"lake"}'));
  });

  it('reads a table with no snapshot, written with -1, null or nothing', () => {
    const none = (value: string) =>
      parseTableMetadata(
        foreign.replace(`"current-snapshot-id":${ID_B}`, value).replace(/"refs":\{.*?\}\},/, ''),
      );
    expect(currentSnapshotId(none('"current-snapshot-id":-1'))).toBeUndefined();
    expect(currentSnapshotId(none('"current-snapshot-id":null'))).toBeUndefined();
    expect(currentSnapshotId(none('"x":1'))).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"format-version": 2,'],
    ['not an object', '[]'],
    ['a missing required field', foreign.replace('"table-uuid"', '"uuid"')],
    ['an id that is not an integer', foreign.replace(`"snapshot-id":${ID_A}`, `"snapshot-id":1.5`)],
    ['an unknown format version', foreign.replace('"format-version":2', '"format-version":4')],
    ['a snapshot without a manifest list', foreign.replace('"manifest-list":', '"manifests":')],
  ])('refuses %s as ICEBERG_BAD_METADATA', (_, text) => {
    let error: unknown;
    try {
      parseTableMetadata(text, 's3://bucket/ns/t/metadata/v9.metadata.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IcebergError);
    expect(error).toMatchObject({ code: 'ICEBERG_BAD_METADATA', canRetry: false });
    expect((error as Error).message).toMatch(/^s3:\/\/bucket\/ns\/t\/metadata\/v9\.metadata\.json/);
  });
});
