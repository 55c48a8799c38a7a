import type { PartitionValue } from '../partition';

// The structures of manifests and manifest lists as the spec defines them (spec "Manifests":
// manifest_entry and data_file; "Manifest Lists": manifest_file and field_summary), in TypeScript terms.

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
