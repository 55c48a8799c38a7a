import { Readable } from 'node:stream';
import avro from 'avsc';
import { IcebergError } from './errors';
import type { BoundPartitionField, PartitionValue } from './partition';
import type { IcebergSchema, PrimitiveType } from './types';
import { singleValueBytes } from './values';

// Manifests and manifest lists: Avro files whose schemas carry the spec's field ids
// (spec "Manifests" and "Manifest Lists"). Readers resolve these files by field id, not name, so
// every field below keeps the id the spec gives it.

export enum FileContent {
  Data = 0,
  PositionDeletes = 1,
}

export enum EntryStatus {
  Existing = 0,
  Added = 1,
  Deleted = 2,
}

/** A data or delete file as a manifest lists it (spec "Manifests", data_file struct). */
export interface ContentFile {
  content: FileContent;
  path: string;
  partition: PartitionValue[];
  recordCount: number;
  sizeInBytes: number;
  columnSizes: Map<number, number>;
  valueCounts: Map<number, number>;
  nullValueCounts: Map<number, number>;
  lowerBounds: Map<number, Uint8Array>;
  upperBounds: Map<number, Uint8Array>;
}

export interface ManifestEntry {
  status: EntryStatus;
  snapshotId: number | null;
  /** Null on added entries: inherited from the manifest list (spec "Sequence Number Inheritance"). */
  sequenceNumber: number | null;
  fileSequenceNumber: number | null;
  file: ContentFile;
}

/** An entry of a manifest list (spec "Manifest Lists", manifest_file struct). */
export interface ManifestFile {
  path: string;
  length: number;
  partitionSpecId: number;
  content: FileContent;
  sequenceNumber: number;
  minSequenceNumber: number;
  addedSnapshotId: number;
  addedFilesCount: number;
  existingFilesCount: number;
  deletedFilesCount: number;
  addedRowsCount: number;
  existingRowsCount: number;
  deletedRowsCount: number;
  partitions: FieldSummary[];
}

export interface FieldSummary {
  containsNull: boolean;
  containsNan: boolean | null;
  lowerBound: Uint8Array | null;
  upperBound: Uint8Array | null;
}

const optional = (type: unknown) => ['null', type];

const intLongMap = (fieldId: number, keyId: number, valueId: number, name: string, value = 'long') => ({
  name,
  type: optional({
    type: 'array',
    logicalType: 'map',
    items: {
      type: 'record',
      name: `k${keyId}_v${valueId}`,
      fields: [
        { name: 'key', type: 'int', 'field-id': keyId },
        { name: 'value', type: value, 'field-id': valueId },
      ],
    },
  }),
  default: null,
  'field-id': fieldId,
});

const avroPrimitive = (type: PrimitiveType): unknown => {
  switch (type) {
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
      return type;
    case 'date':
      return { type: 'int', logicalType: 'date' };
    case 'timestamp':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': false };
    case 'timestamptz':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': true };
    case 'binary':
      return 'bytes';
    default:
      // Decimal partition values would need a fixed; no lake table partitions on one.
      throw new IcebergError('ICEBERG_UNSUPPORTED', `no Avro form for a ${type} partition value`);
  }
};

/** The manifest_entry schema for one partition spec (spec "Manifests"; v2 columns). */
export function manifestEntrySchema(partitionFields: readonly BoundPartitionField[]) {
  return {
    type: 'record',
    name: 'manifest_entry',
    fields: [
      { name: 'status', type: 'int', 'field-id': 0 },
      { name: 'snapshot_id', type: optional('long'), default: null, 'field-id': 1 },
      { name: 'sequence_number', type: optional('long'), default: null, 'field-id': 3 },
      { name: 'file_sequence_number', type: optional('long'), default: null, 'field-id': 4 },
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
                fields: partitionFields.map((f) => ({
                  name: f.name,
                  type: optional(avroPrimitive(f.resultType)),
                  default: null,
                  'field-id': f['field-id'],
                })),
              },
            },
            { name: 'record_count', type: 'long', 'field-id': 103 },
            { name: 'file_size_in_bytes', type: 'long', 'field-id': 104 },
            intLongMap(108, 117, 118, 'column_sizes'),
            intLongMap(109, 119, 120, 'value_counts'),
            intLongMap(110, 121, 122, 'null_value_counts'),
            intLongMap(137, 138, 139, 'nan_value_counts'),
            intLongMap(125, 126, 127, 'lower_bounds', 'bytes'),
            intLongMap(128, 129, 130, 'upper_bounds', 'bytes'),
            { name: 'key_metadata', type: optional('bytes'), default: null, 'field-id': 131 },
            {
              name: 'split_offsets',
              type: optional({ type: 'array', items: 'long', 'element-id': 133 }),
              default: null,
              'field-id': 132,
            },
            {
              name: 'equality_ids',
              type: optional({ type: 'array', items: 'int', 'element-id': 136 }),
              default: null,
              'field-id': 135,
            },
            { name: 'sort_order_id', type: optional('int'), default: null, 'field-id': 140 },
          ],
        },
      },
    ],
  };
}

/** The manifest_file schema (spec "Manifest Lists"; v2 columns). */
export const manifestFileSchema = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    { name: 'manifest_path', type: 'string', 'field-id': 500 },
    { name: 'manifest_length', type: 'long', 'field-id': 501 },
    { name: 'partition_spec_id', type: 'int', 'field-id': 502 },
    { name: 'content', type: 'int', 'field-id': 517 },
    { name: 'sequence_number', type: 'long', 'field-id': 515 },
    { name: 'min_sequence_number', type: 'long', 'field-id': 516 },
    { name: 'added_snapshot_id', type: 'long', 'field-id': 503 },
    { name: 'added_files_count', type: 'int', 'field-id': 504 },
    { name: 'existing_files_count', type: 'int', 'field-id': 505 },
    { name: 'deleted_files_count', type: 'int', 'field-id': 506 },
    { name: 'added_rows_count', type: 'long', 'field-id': 512 },
    { name: 'existing_rows_count', type: 'long', 'field-id': 513 },
    { name: 'deleted_rows_count', type: 'long', 'field-id': 514 },
    {
      name: 'partitions',
      type: optional({
        type: 'array',
        'element-id': 508,
        items: {
          type: 'record',
          name: 'r508',
          fields: [
            { name: 'contains_null', type: 'boolean', 'field-id': 509 },
            { name: 'contains_nan', type: optional('boolean'), default: null, 'field-id': 518 },
            { name: 'lower_bound', type: optional('bytes'), default: null, 'field-id': 510 },
            { name: 'upper_bound', type: optional('bytes'), default: null, 'field-id': 511 },
          ],
        },
      }),
      default: null,
      'field-id': 507,
    },
    { name: 'key_metadata', type: optional('bytes'), default: null, 'field-id': 519 },
  ],
};

const avroTypeOf = (schema: unknown) => avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false });

// Given the schema as JSON (not a parsed type), avsc writes it to the header as it is: field ids
// included, which a parsed type would drop.
async function containerFile(schema: object, records: readonly unknown[], metadata: Record<string, string>) {
  const encoder = new avro.streams.BlockEncoder(
    schema as avro.Schema,
    {
      codec: 'deflate',
      metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v)])),
    } as never,
  );
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
    encoder.on('end', resolve);
    encoder.on('error', reject);
  });
  for (const record of records) encoder.write(record);
  encoder.end();
  await done;
  return Buffer.concat(chunks);
}

async function readContainerFile(bytes: Uint8Array): Promise<unknown[]> {
  const decoder = new avro.streams.BlockDecoder({
    parseHook: (schema: unknown) => avroTypeOf(schema),
  } as never);
  const records: unknown[] = [];
  await new Promise<void>((resolve, reject) => {
    decoder.on('data', (record: unknown) => records.push(record));
    decoder.on('end', resolve);
    decoder.on('error', reject);
    Readable.from([Buffer.from(bytes)]).pipe(decoder);
  });
  return records;
}

const mapEntries = <V>(map: Map<number, V>) =>
  map.size === 0 ? null : [...map].map(([key, value]) => ({ key, value }));
const toMap = <V>(entries: { key: number; value: V }[] | null, convert: (v: V) => V = (v) => v) =>
  new Map((entries ?? []).map(({ key, value }) => [key, convert(value)]));

export interface ManifestHeader {
  schema: IcebergSchema;
  specId: number;
  partitionFields: readonly BoundPartitionField[];
  content: FileContent;
}

/** A manifest's Avro bytes, with the key-value metadata the spec requires of v2 manifests. */
export function encodeManifest(header: ManifestHeader, entries: readonly ManifestEntry[]): Promise<Buffer> {
  const records = entries.map((entry) => ({
    status: entry.status,
    snapshot_id: entry.snapshotId,
    sequence_number: entry.sequenceNumber,
    file_sequence_number: entry.fileSequenceNumber,
    data_file: {
      content: entry.file.content,
      file_path: entry.file.path,
      file_format: 'PARQUET',
      partition: Object.fromEntries(
        header.partitionFields.map((f, i) => [
          f.name,
          partitionAvroValue(entry.file.partition[i] ?? null, f),
        ]),
      ),
      record_count: entry.file.recordCount,
      file_size_in_bytes: entry.file.sizeInBytes,
      column_sizes: mapEntries(entry.file.columnSizes),
      value_counts: mapEntries(entry.file.valueCounts),
      null_value_counts: mapEntries(entry.file.nullValueCounts),
      nan_value_counts: null,
      lower_bounds: mapEntries(new Map([...entry.file.lowerBounds].map(([k, v]) => [k, Buffer.from(v)]))),
      upper_bounds: mapEntries(new Map([...entry.file.upperBounds].map(([k, v]) => [k, Buffer.from(v)]))),
      key_metadata: null,
      split_offsets: null,
      equality_ids: null,
      sort_order_id: entry.file.content === FileContent.Data ? 0 : null,
    },
  }));
  return containerFile(manifestEntrySchema(header.partitionFields), records, {
    schema: JSON.stringify(header.schema),
    'schema-id': String(header.schema['schema-id']),
    'partition-spec': JSON.stringify(
      header.partitionFields.map((f) => ({
        name: f.name,
        transform: f.transform,
        'source-id': f['source-id'],
        'field-id': f['field-id'],
      })),
    ),
    'partition-spec-id': String(header.specId),
    'format-version': '2',
    content: header.content === FileContent.Data ? 'data' : 'deletes',
  });
}

function partitionAvroValue(value: PartitionValue, field: BoundPartitionField) {
  if (value === null) return null;
  return field.resultType === 'long' || field.resultType === 'timestamp' || field.resultType === 'timestamptz'
    ? Number(value)
    : value;
}

interface EntryRecord {
  status: number;
  snapshot_id: number | null;
  sequence_number: number | null;
  file_sequence_number: number | null;
  data_file: {
    content: number;
    file_path: string;
    partition: Record<string, PartitionValue>;
    record_count: number;
    file_size_in_bytes: number;
    column_sizes: { key: number; value: number }[] | null;
    value_counts: { key: number; value: number }[] | null;
    null_value_counts: { key: number; value: number }[] | null;
    lower_bounds: { key: number; value: Uint8Array }[] | null;
    upper_bounds: { key: number; value: Uint8Array }[] | null;
  };
}

/** The entries of a manifest; partition values in the order of `partitionFields`. */
export async function decodeManifest(
  bytes: Uint8Array,
  partitionFields: readonly BoundPartitionField[],
): Promise<ManifestEntry[]> {
  const records = (await readContainerFile(bytes)) as EntryRecord[];
  return records.map((r) => ({
    status: r.status as EntryStatus,
    snapshotId: r.snapshot_id,
    sequenceNumber: r.sequence_number,
    fileSequenceNumber: r.file_sequence_number,
    file: {
      content: r.data_file.content as FileContent,
      path: r.data_file.file_path,
      partition: partitionFields.map((f) => r.data_file.partition[f.name] ?? null),
      recordCount: r.data_file.record_count,
      sizeInBytes: r.data_file.file_size_in_bytes,
      columnSizes: toMap(r.data_file.column_sizes),
      valueCounts: toMap(r.data_file.value_counts),
      nullValueCounts: toMap(r.data_file.null_value_counts),
      lowerBounds: toMap(r.data_file.lower_bounds),
      upperBounds: toMap(r.data_file.upper_bounds),
    },
  }));
}

export interface ManifestListHeader {
  snapshotId: number;
  parentSnapshotId: number | null;
  sequenceNumber: number;
}

export function encodeManifestList(header: ManifestListHeader, manifests: readonly ManifestFile[]) {
  const records = manifests.map((m) => ({
    manifest_path: m.path,
    manifest_length: m.length,
    partition_spec_id: m.partitionSpecId,
    content: m.content,
    sequence_number: m.sequenceNumber,
    min_sequence_number: m.minSequenceNumber,
    added_snapshot_id: m.addedSnapshotId,
    added_files_count: m.addedFilesCount,
    existing_files_count: m.existingFilesCount,
    deleted_files_count: m.deletedFilesCount,
    added_rows_count: m.addedRowsCount,
    existing_rows_count: m.existingRowsCount,
    deleted_rows_count: m.deletedRowsCount,
    partitions: m.partitions.map((p) => ({
      contains_null: p.containsNull,
      contains_nan: p.containsNan,
      lower_bound: p.lowerBound ? Buffer.from(p.lowerBound) : null,
      upper_bound: p.upperBound ? Buffer.from(p.upperBound) : null,
    })),
    key_metadata: null,
  }));
  const metadata: Record<string, string> = {
    'snapshot-id': String(header.snapshotId),
    'sequence-number': String(header.sequenceNumber),
    'format-version': '2',
  };
  if (header.parentSnapshotId !== null) metadata['parent-snapshot-id'] = String(header.parentSnapshotId);
  return containerFile(manifestFileSchema, records, metadata);
}

interface ManifestFileRecord {
  manifest_path: string;
  manifest_length: number;
  partition_spec_id: number;
  content: number;
  sequence_number: number;
  min_sequence_number: number;
  added_snapshot_id: number;
  added_files_count: number;
  existing_files_count: number;
  deleted_files_count: number;
  added_rows_count: number;
  existing_rows_count: number;
  deleted_rows_count: number;
  partitions:
    | {
        contains_null: boolean;
        contains_nan: boolean | null;
        lower_bound: Uint8Array | null;
        upper_bound: Uint8Array | null;
      }[]
    | null;
}

export async function decodeManifestList(bytes: Uint8Array): Promise<ManifestFile[]> {
  const records = (await readContainerFile(bytes)) as ManifestFileRecord[];
  return records.map((r) => ({
    path: r.manifest_path,
    length: r.manifest_length,
    partitionSpecId: r.partition_spec_id,
    content: r.content as FileContent,
    sequenceNumber: r.sequence_number,
    minSequenceNumber: r.min_sequence_number,
    addedSnapshotId: r.added_snapshot_id,
    addedFilesCount: r.added_files_count,
    existingFilesCount: r.existing_files_count,
    deletedFilesCount: r.deleted_files_count,
    addedRowsCount: r.added_rows_count,
    existingRowsCount: r.existing_rows_count,
    deletedRowsCount: r.deleted_rows_count,
    partitions: (r.partitions ?? []).map((p) => ({
      containsNull: p.contains_null,
      containsNan: p.contains_nan,
      lowerBound: p.lower_bound,
      upperBound: p.upper_bound,
    })),
  }));
}

/** Compares two values of one Iceberg type the way bounds order them (strings by UTF-8 bytes). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  throw new IcebergError('ICEBERG_UNSUPPORTED', `cannot order ${typeof a} and ${typeof b}`);
}

/** Per partition field: nulls, and the bounds of the values, over the files of one manifest. */
export function partitionSummaries(
  partitionFields: readonly BoundPartitionField[],
  files: readonly ContentFile[],
): FieldSummary[] {
  return partitionFields.map((field, i) => {
    let containsNull = false;
    let lower: PartitionValue = null;
    let upper: PartitionValue = null;
    for (const file of files) {
      const value = file.partition[i] ?? null;
      if (value === null) {
        containsNull = true;
        continue;
      }
      if (lower === null || compareValues(value, lower) < 0) lower = value;
      if (upper === null || compareValues(value, upper) > 0) upper = value;
    }
    return {
      containsNull,
      containsNan: null,
      lowerBound: lower === null ? null : singleValueBytes(field.resultType, lower),
      upperBound: upper === null ? null : singleValueBytes(field.resultType, upper),
    };
  });
}
