import { Readable } from 'node:stream';
import avro from 'avsc';
import type { BoundPartitionField, PartitionValue } from '../partition';
import type { IcebergSchema } from '../types';
import { manifestEntrySchema, manifestFileSchema } from './avro-schemas';
import { type EntryStatus, FileContent, type ManifestEntry, type ManifestFile } from './types';

// Manifests and manifest lists to and from their Avro container files (spec "Manifests" and
// "Manifest Lists"), with the key-value metadata the spec requires of v2 files.

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
