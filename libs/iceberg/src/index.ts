// @lakestream/iceberg: the Iceberg spec as the lake needs it (table metadata, manifests, partition
// transforms, the file catalog) and the Parquet codec of its data files. The one entry point of the
// package: the sink, the CLI and the housekeeping import from here only.

export {
  type CommitOptions,
  commitTable,
  type LoadedTable,
  loadOrCreateTable,
  loadTable,
  metadataLocation,
} from './catalog';
export {
  errorOfCode,
  IcebergError,
  type IcebergErrorCode,
  icebergErrorCodes,
  isIcebergErrorCode,
  ParquetError,
  type ParquetErrorCode,
} from './errors';
export { manifestEntrySchema, manifestFileSchema } from './manifest/avro-schemas';
export {
  decodeManifest,
  decodeManifestList,
  encodeManifest,
  encodeManifestList,
  type ManifestHeader,
  type ManifestListHeader,
} from './manifest/codec';
export { compareValues, partitionSummaries } from './manifest/summaries';
export {
  type ContentFile,
  EntryStatus,
  type FieldSummary,
  FileContent,
  type ManifestEntry,
  type ManifestFile,
} from './manifest/types';
export { MANIFEST_MERGE_THRESHOLD, mergeManifests } from './merge';
export {
  currentSchema,
  currentSnapshot,
  defaultSpec,
  METADATA_LOG_LIMIT,
  type NewTable,
  NO_SNAPSHOT,
  newTableMetadata,
  type Snapshot,
  type SnapshotCommit,
  type SnapshotSummary,
  type SortOrder,
  type TableMetadata,
  withSnapshot,
} from './metadata';
export { murmur3x86 } from './murmur3';
export { type DecimalSpec, decimalSpec } from './parquet/decimal';
export { dataFileEncoder, type EncoderOptions, encodeDataFile, ROW_GROUP_ROWS } from './parquet/encode';
export { compareBytes, compareUtf8 } from './parquet/order';
export { type EncoderPool, encoderPool } from './parquet/pool';
export { readDataFileColumns } from './parquet/read';
export {
  decimalTextRefusal,
  INT32_MAX,
  INT32_MIN,
  INT64_MAX,
  INT64_MIN,
  isInt32,
  isInt64,
  shownValue,
  typeRefusal,
  type ValueRule,
  valueRule,
} from './parquet/value-rules';
export {
  applyTransform,
  type BoundPartitionField,
  bindSpec,
  bucketOf,
  FIRST_PARTITION_FIELD_ID,
  type PartitionField,
  type PartitionSpec,
  type PartitionValue,
  partitionKey,
  partitionOf,
  partitionPath,
  resultType,
  type Transform,
  type TypedValue,
} from './partition';
export {
  newSnapshotId,
  readManifestList,
  type SnapshotManifests,
  stagedSnapshot,
  type TableChange,
} from './snapshot';
export type {
  ColumnMetrics,
  DataFileEncoder,
  DecimalType,
  EncodedDataFile,
  IcebergField,
  IcebergSchema,
  LakeColumns,
  LakeRow,
  PrimitiveType,
} from './types';
export { singleValueBytes } from './values';
