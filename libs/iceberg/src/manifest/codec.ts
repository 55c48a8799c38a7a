import { IcebergError } from '../errors';
import type { BoundPartitionField, PartitionSpec, PartitionValue } from '../partition';
import type { IcebergSchema } from '../types';
import { avroType, fieldNames, readContainer, renameByFieldId, writeContainer } from './avro-container';
import { avroName, manifestEntrySchema, manifestFileSchema } from './avro-schemas';
import {
  type ContentFile,
  type EntryStatus,
  FileContent,
  type ManifestEntry,
  type ManifestFile,
} from './types';

// Manifests and manifest lists to and from their Avro container files (spec "Manifests" and
// "Manifest Lists"), with the key-value metadata the spec requires of v2 files. Reading resolves
// fields by field id, as the spec asks of readers, and keeps every 64-bit value exact.

const mapEntries = <V>(map: Map<number, V> | undefined | null) =>
  !map || map.size === 0 ? null : [...map].map(([key, value]) => ({ key, value }));
const bytesEntries = (map: Map<number, Uint8Array> | undefined) =>
  mapEntries(map && new Map([...map].map(([k, v]) => [k, Buffer.from(v)])));
const optionalBytes = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes) : null);

export interface ManifestHeader {
  schema: IcebergSchema;
  specId: number;
  partitionFields: readonly BoundPartitionField[];
  content: FileContent;
}

/** A manifest's Avro bytes, with the key-value metadata the spec requires of v2 manifests. */
export async function encodeManifest(
  header: ManifestHeader,
  entries: readonly ManifestEntry[],
): Promise<Buffer> {
  const schema = manifestEntrySchema(header.partitionFields);
  const records = entries.map((entry) => ({
    status: entry.status,
    snapshot_id: entry.snapshotId,
    sequence_number: entry.sequenceNumber,
    file_sequence_number: entry.fileSequenceNumber,
    data_file: dataFileRecord(entry.file, header.partitionFields),
  }));
  return writeContainer(schema, avroType(schema), records, {
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

function dataFileRecord(file: ContentFile, partitionFields: readonly BoundPartitionField[]) {
  return {
    content: file.content,
    file_path: file.path,
    file_format: file.format ?? 'PARQUET',
    partition: Object.fromEntries(
      partitionFields.map((f, i) => [avroName(f.name), file.partition[i] ?? null]),
    ),
    record_count: file.recordCount,
    file_size_in_bytes: file.sizeInBytes,
    column_sizes: mapEntries(file.columnSizes),
    value_counts: mapEntries(file.valueCounts),
    null_value_counts: mapEntries(file.nullValueCounts),
    nan_value_counts: mapEntries(file.nanValueCounts),
    lower_bounds: bytesEntries(file.lowerBounds),
    upper_bounds: bytesEntries(file.upperBounds),
    key_metadata: optionalBytes(file.keyMetadata),
    split_offsets: file.splitOffsets ?? null,
    equality_ids: file.equalityIds ?? null,
    sort_order_id:
      file.sortOrderId !== undefined ? file.sortOrderId : file.content === FileContent.Data ? 0 : null,
    referenced_data_file: file.referencedDataFile ?? null,
  };
}

/** Field id → the spec's name, for resolving what other writers wrote (partition fields aside). */
const ENTRY_NAMES = fieldNames(manifestEntrySchema([]));
const MANIFEST_FILE_NAMES = fieldNames(manifestFileSchema);
const PARTITION_FIELD_ID = 102;

type Pairs<V> = { key: number; value: V }[] | null | undefined;

/** A count or size: a long that a number holds exactly (the spec's counts never come near 2^53). */
function count(value: unknown, what: string): number {
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new IcebergError('ICEBERG_BAD_METADATA', `${what} is ${value}`);
  return n;
}

const countMap = (pairs: Pairs<unknown>, what: string) =>
  new Map((pairs ?? []).map(({ key, value }) => [key, count(value, what)]));
const bytesMap = (pairs: Pairs<Uint8Array>) =>
  new Map((pairs ?? []).map(({ key, value }) => [key, new Uint8Array(value)]));
const optionalBigint = (value: unknown) =>
  value === null || value === undefined ? null : BigInt(value as bigint);

interface EntryRecord {
  status: number;
  snapshot_id?: bigint | null;
  sequence_number?: bigint | null;
  file_sequence_number?: bigint | null;
  data_file: Record<string, unknown> & { partition: Record<string, unknown> | null };
}

/**
 * The entries of a manifest. Partition values come in the order of `spec`'s fields, matched by field
 * id (in the writer's order without a spec); long partition values are bigints.
 */
export async function decodeManifest(
  bytes: Uint8Array,
  spec?: PartitionSpec,
  what = 'manifest',
): Promise<ManifestEntry[]> {
  const { schema, records } = await readContainer(bytes, what);
  return records.map((raw) => {
    const r = renameByFieldId(raw, schema, ENTRY_NAMES, new Set([PARTITION_FIELD_ID])) as EntryRecord;
    const f = r.data_file;
    const byId = f.partition ?? {};
    const partition = (
      spec ? spec.fields.map((field) => byId[String(field['field-id'])]) : Object.values(byId)
    ).map((value) => partitionValue(value));
    const file: ContentFile = {
      content: Number(f.content ?? 0) as FileContent,
      path: f.file_path as string,
      partition,
      recordCount: count(f.record_count, `${what}: record_count`),
      sizeInBytes: count(f.file_size_in_bytes, `${what}: file_size_in_bytes`),
      columnSizes: countMap(f.column_sizes as Pairs<bigint>, `${what}: column_sizes`),
      valueCounts: countMap(f.value_counts as Pairs<bigint>, `${what}: value_counts`),
      nullValueCounts: countMap(f.null_value_counts as Pairs<bigint>, `${what}: null_value_counts`),
      lowerBounds: bytesMap(f.lower_bounds as Pairs<Uint8Array>),
      upperBounds: bytesMap(f.upper_bounds as Pairs<Uint8Array>),
      format: f.file_format as string,
      nanValueCounts: countMap(f.nan_value_counts as Pairs<bigint>, `${what}: nan_value_counts`),
      keyMetadata: f.key_metadata ? new Uint8Array(f.key_metadata as Uint8Array) : null,
      splitOffsets: (f.split_offsets as bigint[] | null | undefined) ?? null,
      equalityIds: (f.equality_ids as number[] | null | undefined) ?? null,
      sortOrderId: (f.sort_order_id as number | null | undefined) ?? null,
      referencedDataFile: (f.referenced_data_file as string | null | undefined) ?? null,
    };
    return {
      status: r.status as EntryStatus,
      snapshotId: optionalBigint(r.snapshot_id),
      sequenceNumber: optionalBigint(r.sequence_number),
      fileSequenceNumber: optionalBigint(r.file_sequence_number),
      file,
    };
  });
}

/** Bytes and fixed values come as Buffers; the rest as avsc reads them (longs as bigints). */
function partitionValue(value: unknown): PartitionValue {
  if (value === undefined || value === null) return null;
  if (Buffer.isBuffer(value)) return new Uint8Array(value);
  return value as PartitionValue;
}

export interface ManifestListHeader {
  snapshotId: bigint;
  parentSnapshotId: bigint | null;
  sequenceNumber: bigint;
}

const manifestListType = avroType(manifestFileSchema);

export async function encodeManifestList(
  header: ManifestListHeader,
  manifests: readonly ManifestFile[],
): Promise<Buffer> {
  const records = manifests.map((m) => ({
    manifest_path: m.path,
    manifest_length: m.length,
    partition_spec_id: m.partitionSpecId,
    content: m.content === FileContent.Data ? 0 : 1,
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
      lower_bound: optionalBytes(p.lowerBound),
      upper_bound: optionalBytes(p.upperBound),
    })),
    key_metadata: optionalBytes(m.keyMetadata),
  }));
  const metadata: Record<string, string> = {
    'snapshot-id': String(header.snapshotId),
    'sequence-number': String(header.sequenceNumber),
    'format-version': '2',
  };
  if (header.parentSnapshotId !== null) metadata['parent-snapshot-id'] = String(header.parentSnapshotId);
  return writeContainer(manifestFileSchema, manifestListType, records, metadata);
}

interface ManifestFileRecord {
  manifest_path: string;
  manifest_length: bigint;
  partition_spec_id: number;
  content?: number | null;
  sequence_number?: bigint | null;
  min_sequence_number?: bigint | null;
  added_snapshot_id?: bigint | null;
  added_files_count?: number | null;
  existing_files_count?: number | null;
  deleted_files_count?: number | null;
  added_rows_count?: bigint | null;
  existing_rows_count?: bigint | null;
  deleted_rows_count?: bigint | null;
  partitions?:
    | {
        contains_null: boolean;
        contains_nan?: boolean | null;
        lower_bound?: Uint8Array | null;
        upper_bound?: Uint8Array | null;
      }[]
    | null;
  key_metadata?: Uint8Array | null;
}

/** The manifests a manifest list names. Fields a format v1 list lacks read as the spec says: 0. */
export async function decodeManifestList(bytes: Uint8Array, what = 'manifest list'): Promise<ManifestFile[]> {
  const { schema, records } = await readContainer(bytes, what);
  return records.map((raw) => {
    const r = renameByFieldId(raw, schema, MANIFEST_FILE_NAMES) as ManifestFileRecord;
    return {
      path: r.manifest_path,
      length: count(r.manifest_length, `${what}: manifest_length`),
      partitionSpecId: r.partition_spec_id,
      content: Number(r.content ?? 0) as FileContent,
      sequenceNumber: optionalBigint(r.sequence_number) ?? 0n,
      minSequenceNumber: optionalBigint(r.min_sequence_number) ?? 0n,
      addedSnapshotId: optionalBigint(r.added_snapshot_id) ?? 0n,
      addedFilesCount: count(r.added_files_count, `${what}: added_files_count`),
      existingFilesCount: count(r.existing_files_count, `${what}: existing_files_count`),
      deletedFilesCount: count(r.deleted_files_count, `${what}: deleted_files_count`),
      addedRowsCount: count(r.added_rows_count, `${what}: added_rows_count`),
      existingRowsCount: count(r.existing_rows_count, `${what}: existing_rows_count`),
      deletedRowsCount: count(r.deleted_rows_count, `${what}: deleted_rows_count`),
      partitions: (r.partitions ?? []).map((p) => ({
        containsNull: p.contains_null,
        containsNan: p.contains_nan ?? null,
        lowerBound: p.lower_bound ? new Uint8Array(p.lower_bound) : null,
        upperBound: p.upper_bound ? new Uint8Array(p.upper_bound) : null,
      })),
      keyMetadata: r.key_metadata ? new Uint8Array(r.key_metadata) : null,
    };
  });
}
