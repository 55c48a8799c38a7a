import type { Snapshot, SnapshotRef, TableMetadata } from '../metadata';
import type { PartitionSpec } from '../partition';
import type { IcebergSchema } from '../types';

// The catalog: where a table's current metadata is found, and the one place a commit becomes
// visible. Commits are the Iceberg REST catalog's (spec "REST Catalog", CommitTableRequest): the
// writer builds on the metadata it loaded, and sends requirements (what must still hold) and updates
// (what changes). The catalog checks the requirements against the table's newest metadata, applies the
// updates, and swaps the metadata atomically; a requirement that fails, or a writer that got there
// first, is ICEBERG_COMMIT_CONFLICT (retryable: reload, build again). Implementations: the file
// catalog (file-catalog.ts); AWS Glue keeps `metadata_location` / `previous_metadata_location` table
// parameters and swaps them with an update conditional on the table's version, the same contract.

export interface TableIdentifier {
  namespace: readonly string[];
  name: string;
}

export const identifierText = (identifier: TableIdentifier) =>
  [...identifier.namespace, identifier.name].join('.');

export interface LoadedTable {
  identifier: TableIdentifier;
  /** The table's folder, where its new data and metadata files go. */
  location: string;
  /** The metadata file this is; a commit's base is named by it. */
  metadataLocation: string;
  metadata: TableMetadata;
}

/** Spec "REST Catalog", TableRequirement: what must hold on the newest metadata for a commit to apply. */
export type TableRequirement =
  | { type: 'assert-create' }
  | { type: 'assert-table-uuid'; uuid: string }
  /** null: the ref must not exist (the table has no current snapshot, for `main`). */
  | { type: 'assert-ref-snapshot-id'; ref: string; 'snapshot-id': bigint | null }
  | { type: 'assert-current-schema-id'; 'current-schema-id': number }
  | { type: 'assert-last-assigned-field-id'; 'last-assigned-field-id': number }
  | { type: 'assert-default-spec-id'; 'default-spec-id': number };

/** Spec "REST Catalog", TableUpdate: the changes a commit makes, applied in order. */
export type TableUpdate =
  | { action: 'add-snapshot'; snapshot: Snapshot }
  | ({ action: 'set-snapshot-ref'; 'ref-name': string } & SnapshotRef)
  | { action: 'remove-snapshot-ref'; 'ref-name': string }
  | { action: 'remove-snapshots'; 'snapshot-ids': bigint[] }
  | { action: 'add-schema'; schema: IcebergSchema; 'last-column-id'?: number }
  /** -1: the schema the same commit added last. */
  | { action: 'set-current-schema'; 'schema-id': number }
  | { action: 'set-properties'; updates: Record<string, string> }
  | { action: 'remove-properties'; removals: string[] };

export interface TableCommit {
  requirements: TableRequirement[];
  updates: TableUpdate[];
}

export interface CreateTableRequest {
  schema: IcebergSchema;
  spec?: PartitionSpec;
  properties?: Record<string, string>;
  /** The table's folder; the catalog's own place for the identifier unless given. */
  location?: string;
}

export interface Catalog {
  /** Every table the catalog holds, in every namespace (Iceberg tables only). */
  listTables(): Promise<TableIdentifier[]>;
  /** The table's newest metadata; undefined when there is no such table. */
  loadTable(identifier: TableIdentifier): Promise<LoadedTable | undefined>;
  /** A new table (format v2, no snapshot); ICEBERG_TABLE_EXISTS if one is there already. */
  createTable(identifier: TableIdentifier, request: CreateTableRequest): Promise<LoadedTable>;
  /**
   * Applies the updates if every requirement holds on the newest metadata, atomically; the table as
   * committed. ICEBERG_COMMIT_CONFLICT (retryable) when a requirement fails or the swap is lost.
   */
  commitTable(
    identifier: TableIdentifier,
    requirements: readonly TableRequirement[],
    updates: readonly TableUpdate[],
  ): Promise<LoadedTable>;
}
