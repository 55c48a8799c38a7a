import { newTableMetadata, type Snapshot, type TableMetadata } from '../metadata';
import type { IcebergSchema } from '../types';
import type { TableRequirement } from './catalog';
import { failedRequirement } from './requirements';
import { applyUpdates, highestFieldId, withMetadataLog } from './updates';

const schema: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [{ id: 1, name: 'id', required: true, type: 'long' }],
};
const empty = newTableMetadata({
  uuid: 'u-1',
  location: '/w/ns/t',
  schema,
  spec: { 'spec-id': 0, fields: [] },
  properties: { keep: 'me' },
  now: 1_000,
});
const ID = 2n ** 62n;
const snapshot = (n: bigint, at: number, parent?: bigint): Snapshot => ({
  'snapshot-id': ID + n,
  ...(parent !== undefined ? { 'parent-snapshot-id': ID + parent } : {}),
  'sequence-number': 2n ** 60n + n,
  'timestamp-ms': at,
  'manifest-list': `/w/ns/t/metadata/snap-${n}.avro`,
  summary: { operation: 'append' },
  'schema-id': 0,
});
const append = (base: TableMetadata, s: Snapshot) =>
  applyUpdates(
    base,
    [
      { action: 'add-snapshot', snapshot: s },
      { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': s['snapshot-id'] },
    ],
    9_999,
  );

describe('table updates (spec "REST Catalog", TableUpdate)', () => {
  const withLastSequence = { ...empty, 'last-sequence-number': 2n ** 60n };
  const one = append(withLastSequence, snapshot(1n, 2_000));
  const two = append(one, snapshot(2n, 3_000, 1n));

  it('adds a snapshot on main: current snapshot, sequence number, snapshot log, last updated', () => {
    expect(two).toMatchObject({
      'current-snapshot-id': ID + 2n,
      'last-sequence-number': 2n ** 60n + 2n,
      'last-updated-ms': 3_000,
      refs: { main: { 'snapshot-id': ID + 2n, type: 'branch' } },
      'snapshot-log': [
        { 'snapshot-id': ID + 1n, 'timestamp-ms': 2_000 },
        { 'snapshot-id': ID + 2n, 'timestamp-ms': 3_000 },
      ],
      properties: { keep: 'me' },
    });
  });

  it('refuses a snapshot whose sequence number is not above the table’s as a conflict, a duplicate id as a bad update', () => {
    expect(() => append(two, { ...snapshot(3n, 4_000, 2n), 'sequence-number': 2n ** 60n + 2n })).toThrow(
      expect.objectContaining({ code: 'ICEBERG_COMMIT_CONFLICT', canRetry: true }),
    );
    expect(() => append(two, { ...snapshot(2n, 4_000, 2n), 'sequence-number': 2n ** 60n + 3n })).toThrow(
      expect.objectContaining({ code: 'ICEBERG_BAD_UPDATE', canRetry: false }),
    );
    expect(() =>
      applyUpdates(
        two,
        [{ action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': 7n }],
        1,
      ),
    ).toThrow(expect.objectContaining({ code: 'ICEBERG_BAD_UPDATE' }));
  });

  it('rolls main back to an older snapshot at the time of the commit, keeping the ref’s retention', () => {
    const retained = {
      ...two,
      refs: { main: { 'snapshot-id': ID + 2n, type: 'branch' as const, 'max-ref-age-ms': 5 } },
    };
    const back = applyUpdates(
      retained,
      [{ action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': ID + 1n }],
      9_999,
    );
    expect(back.refs?.main).toEqual({ 'snapshot-id': ID + 1n, type: 'branch', 'max-ref-age-ms': 5 });
    expect(back['snapshot-log']?.at(-1)).toEqual({ 'snapshot-id': ID + 1n, 'timestamp-ms': 9_999 });
  });

  it('removes snapshots with their statistics, and the snapshot log up to the last one removed', () => {
    const three = append(two, snapshot(3n, 4_000, 2n));
    const withStats = {
      ...three,
      statistics: [{ 'snapshot-id': ID + 1n }, { 'snapshot-id': ID + 3n }],
    } as TableMetadata;
    const expired = applyUpdates(
      withStats,
      [{ action: 'remove-snapshots', 'snapshot-ids': [ID + 1n] }],
      9_999,
    );
    expect(expired.snapshots?.map((s) => s['snapshot-id'])).toEqual([ID + 2n, ID + 3n]);
    expect(expired['snapshot-log']?.map((e) => e['snapshot-id'])).toEqual([ID + 2n, ID + 3n]);
    expect((expired as unknown as { statistics: unknown[] }).statistics).toEqual([
      { 'snapshot-id': ID + 3n },
    ]);
    // A log entry whose snapshot went in the middle drops what came before it.
    const middle = applyUpdates(three, [{ action: 'remove-snapshots', 'snapshot-ids': [ID + 2n] }], 9_999);
    expect(middle['snapshot-log']?.map((e) => e['snapshot-id'])).toEqual([ID + 3n]);
    expect(() => applyUpdates(three, [{ action: 'remove-snapshots', 'snapshot-ids': [ID + 3n] }], 1)).toThrow(
      expect.objectContaining({ code: 'ICEBERG_BAD_UPDATE' }),
    );
  });

  it('adds a schema, makes the last added current, and sets and removes properties', () => {
    const nested: IcebergSchema = {
      ...schema,
      'schema-id': 1,
      fields: [
        ...schema.fields,
        {
          id: 2,
          name: 'tags',
          required: false,
          type: { type: 'list', 'element-id': 7, element: 'string', 'element-required': false } as never,
        },
      ],
    };
    expect(highestFieldId(nested)).toBe(7);
    const next = applyUpdates(
      empty,
      [
        { action: 'add-schema', schema: nested },
        { action: 'set-current-schema', 'schema-id': -1 },
        { action: 'set-properties', updates: { a: '1' } },
        { action: 'remove-properties', removals: ['keep'] },
      ],
      5_000,
    );
    expect(next).toMatchObject({
      'current-schema-id': 1,
      'last-column-id': 7,
      properties: { a: '1' },
      'last-updated-ms': 5_000,
    });
    expect(() => applyUpdates(next, [{ action: 'add-schema', schema: nested }], 1)).toThrow(
      expect.objectContaining({ code: 'ICEBERG_BAD_UPDATE' }),
    );
  });

  it('refuses to commit to a format v1 table', () => {
    expect(() => applyUpdates({ ...empty, 'format-version': 1 }, [], 1)).toThrow(
      expect.objectContaining({ code: 'ICEBERG_BAD_UPDATE' }),
    );
  });

  it('keeps the newest metadata files in the log, as many as the table’s property says', () => {
    let metadata: TableMetadata = { ...empty, properties: { 'write.metadata.previous-versions-max': '2' } };
    for (let v = 1; v <= 4; v += 1)
      metadata = withMetadataLog(metadata, metadata, `/w/ns/t/metadata/v${v}.metadata.json`);
    expect(metadata['metadata-log']?.map((m) => m['metadata-file'].slice(-16))).toEqual([
      'v3.metadata.json',
      'v4.metadata.json',
    ]);
  });
});

describe('table requirements (spec "REST Catalog", TableRequirement)', () => {
  const table = append(
    { ...empty, 'last-sequence-number': 0n },
    { ...snapshot(1n, 2_000), 'sequence-number': 1n },
  );
  it.each<[TableRequirement, string | undefined]>([
    [{ type: 'assert-table-uuid', uuid: 'u-1' }, undefined],
    [{ type: 'assert-table-uuid', uuid: 'u-2' }, 'table uuid is u-1, expected u-2'],
    [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': ID + 1n }, undefined],
    [
      { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': ID + 2n },
      `ref main is at snapshot ${ID + 1n}, expected ${ID + 2n}`,
    ],
    [{ type: 'assert-ref-snapshot-id', ref: 'audit', 'snapshot-id': null }, undefined],
    [{ type: 'assert-current-schema-id', 'current-schema-id': 0 }, undefined],
    [{ type: 'assert-current-schema-id', 'current-schema-id': 1 }, 'current schema is 0, expected 1'],
    [{ type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 1 }, undefined],
    [{ type: 'assert-default-spec-id', 'default-spec-id': 3 }, 'default spec is 0, expected 3'],
    [{ type: 'assert-create' }, 'the table already exists'],
  ])('%p → %p', (requirement, failure) => {
    expect(failedRequirement(table, [requirement])).toBe(failure);
  });

  it('reads main from current-snapshot-id when a table was written without refs', () => {
    const { refs: _, ...noRefs } = table;
    expect(
      failedRequirement(noRefs, [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': ID + 1n }]),
    ).toBeUndefined();
    expect(failedRequirement(undefined, [{ type: 'assert-create' }])).toBeUndefined();
  });
});
