import type { PartitionValue } from '../partition';

// The structures of manifests and manifest lists as the spec defines them (spec "Manifests":
// manifest_entry and data_file; "Manifest Lists": manifest_file and field_summary), in TypeScript terms.
// Snapshot ids and sequence numbers are bigints: other engines write them above 2^53. Counts and sizes
// are numbers (a file of 2^53 rows or bytes does not exist). The data_file fields this package does
// not use are still read and written back, so rewriting another engine's manifest keeps them.

export enum FileContent {
  Data = 0,
  PositionDeletes = 1,
  /** Read from other engines' tables; this package never writes equality deletes. */
  EqualityDeletes = 2,
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
  /** `PARQUET` unless given: what this package writes. Other engines may list AVRO or ORC files. */
  format?: string;
  nanValueCounts?: Map<number, number>;
  keyMetadata?: Uint8Array | null;
  splitOffsets?: bigint[] | null;
  equalityIds?: number[] | null;
  sortOrderId?: number | null;
  /** A position-delete file that deletes rows of one data file only names it (field 143). */
  referencedDataFile?: string | null;
}

export interface ManifestEntry {
  status: EntryStatus;
  snapshotId: bigint | null;
  /** Null on added entries: inherited from the manifest list (spec "Sequence Number Inheritance"). */
  sequenceNumber: bigint | null;
  fileSequenceNumber: bigint | null;
  file: ContentFile;
}

/** An entry of a manifest list (spec "Manifest Lists", manifest_file struct). */
export interface ManifestFile {
  path: string;
  length: number;
  partitionSpecId: number;
  content: FileContent;
  sequenceNumber: bigint;
  minSequenceNumber: bigint;
  addedSnapshotId: bigint;
  addedFilesCount: number;
  existingFilesCount: number;
  deletedFilesCount: number;
  addedRowsCount: number;
  existingRowsCount: number;
  deletedRowsCount: number;
  partitions: FieldSummary[];
  keyMetadata?: Uint8Array | null;
}

export interface FieldSummary {
  containsNull: boolean;
  containsNan: boolean | null;
  lowerBound: Uint8Array | null;
  upperBound: Uint8Array | null;
}
