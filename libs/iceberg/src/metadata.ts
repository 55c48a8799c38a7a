import { IcebergError } from './errors';
import type { PartitionSpec } from './partition';
import type { IcebergSchema } from './types';

// Table metadata as the spec serialises it (spec "Table Metadata" and "Appendix C: JSON
// serialization"). Snapshot ids and sequence numbers are 64-bit: other engines write them above 2^53,
// so they are bigints here, read and written exactly (metadata-json.ts). Fields this package does not
// name (statistics, row lineage, an engine's own) are kept as read and written back unchanged.

export interface SnapshotSummary {
  operation: 'append' | 'overwrite' | 'delete' | 'replace';
  [key: string]: string;
}

export interface Snapshot {
  'snapshot-id': bigint;
  'parent-snapshot-id'?: bigint;
  /** Absent in format v1 tables, where it is 0. */
  'sequence-number': bigint;
  'timestamp-ms': number;
  'manifest-list': string;
  summary: SnapshotSummary;
  'schema-id'?: number;
}

export interface SortOrder {
  'order-id': number;
  fields: {
    transform: string;
    'source-id': number;
    direction: 'asc' | 'desc';
    'null-order': 'nulls-first' | 'nulls-last';
  }[];
}

export interface SnapshotRef {
  'snapshot-id': bigint;
  type: 'branch' | 'tag';
  'min-snapshots-to-keep'?: number;
  'max-snapshot-age-ms'?: number;
  'max-ref-age-ms'?: number;
}

export interface SnapshotLogEntry {
  'snapshot-id': bigint;
  'timestamp-ms': number;
}

export interface MetadataLogEntry {
  'metadata-file': string;
  'timestamp-ms': number;
}

/** The fields the spec requires of v2 metadata are required here; the optional ones may be absent. */
export interface TableMetadata {
  'format-version': 1 | 2 | 3;
  'table-uuid': string;
  location: string;
  'last-sequence-number': bigint;
  'last-updated-ms': number;
  'last-column-id': number;
  'current-schema-id': number;
  schemas: IcebergSchema[];
  'default-spec-id': number;
  'partition-specs': PartitionSpec[];
  'last-partition-id': number;
  'default-sort-order-id': number;
  'sort-orders': SortOrder[];
  properties?: Record<string, string>;
  /** -1 (what the reference implementation writes), null or absent: no current snapshot. */
  'current-snapshot-id'?: bigint | null;
  snapshots?: Snapshot[];
  'snapshot-log'?: SnapshotLogEntry[];
  'metadata-log'?: MetadataLogEntry[];
  refs?: Record<string, SnapshotRef>;
}

/** -1 is how the reference implementation writes "no current snapshot"; every reader accepts it. */
export const NO_SNAPSHOT = -1n;

/** The current snapshot's id, or undefined when the table has none (spec: -1, null or absent). */
export function currentSnapshotId(metadata: TableMetadata): bigint | undefined {
  const id = metadata['current-snapshot-id'] ?? metadata.refs?.main?.['snapshot-id'];
  return id === undefined || id === null || id === NO_SNAPSHOT ? undefined : id;
}

export function snapshotById(metadata: TableMetadata, id: bigint): Snapshot | undefined {
  return metadata.snapshots?.find((s) => s['snapshot-id'] === id);
}

export function currentSnapshot(metadata: TableMetadata): Snapshot | undefined {
  const id = currentSnapshotId(metadata);
  return id === undefined ? undefined : snapshotById(metadata, id);
}

export function currentSchema(metadata: TableMetadata): IcebergSchema {
  const schema = metadata.schemas.find((s) => s['schema-id'] === metadata['current-schema-id']);
  if (!schema)
    throw new IcebergError(
      'ICEBERG_BAD_METADATA',
      `table ${metadata.location}: no schema ${metadata['current-schema-id']}`,
    );
  return schema;
}

export function defaultSpec(metadata: TableMetadata): PartitionSpec {
  const spec = metadata['partition-specs'].find((s) => s['spec-id'] === metadata['default-spec-id']);
  if (!spec)
    throw new IcebergError(
      'ICEBERG_BAD_METADATA',
      `table ${metadata.location}: no partition spec ${metadata['default-spec-id']}`,
    );
  return spec;
}

export interface NewTable {
  uuid: string;
  location: string;
  schema: IcebergSchema;
  spec: PartitionSpec;
  properties: Record<string, string>;
  now: number;
}

export function newTableMetadata(table: NewTable): TableMetadata {
  return {
    'format-version': 2,
    'table-uuid': table.uuid,
    location: table.location,
    'last-sequence-number': 0n,
    'last-updated-ms': table.now,
    'last-column-id': Math.max(0, ...table.schema.fields.map((f) => f.id)),
    'current-schema-id': table.schema['schema-id'],
    schemas: [table.schema],
    'default-spec-id': table.spec['spec-id'],
    'partition-specs': [table.spec],
    'last-partition-id': Math.max(999, ...table.spec.fields.map((f) => f['field-id'])),
    'default-sort-order-id': 0,
    'sort-orders': [{ 'order-id': 0, fields: [] }],
    properties: table.properties,
    'current-snapshot-id': NO_SNAPSHOT,
    snapshots: [],
    'snapshot-log': [],
    'metadata-log': [],
    refs: {},
  };
}
