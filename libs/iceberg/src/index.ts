// @lakestream/iceberg: the Iceberg spec as the lake needs it (table metadata, manifests, partition
// transforms, the file catalog) and the Parquet codec of its data files. The one entry point of the
// package: the sink, the CLI and the housekeeping import from here only.

export {
  type Catalog,
  type CreateTableRequest,
  identifierText,
  type LoadedTable,
  type TableCommit,
  type TableIdentifier,
  type TableRequirement,
  type TableUpdate,
} from './catalog/catalog';
export { type CommitRetryOptions, commitWithRetries, loadOrCreateTable } from './catalog/commit';
export {
  type FileCatalog,
  type FileCatalogOptions,
  fileCatalog,
  metadataLocation,
  readFileTable,
} from './catalog/file-catalog';
export { type CatalogSettings, catalogEnvShape, catalogFromSettings } from './catalog/from-env';
export { GLUE_TABLE_TYPE, type GlueCatalogOptions, glueCatalog } from './catalog/glue-catalog';
export { checkRequirements, failedRequirement, refSnapshotId } from './catalog/requirements';
export { applyUpdates, highestFieldId, metadataLogLimit, withMetadataLog } from './catalog/updates';
export {
  errorOfCode,
  IcebergError,
  type IcebergErrorCode,
  icebergErrorCodes,
  isIcebergErrorCode,
  ParquetError,
  type ParquetErrorCode,
} from './errors';
export { avroName, manifestEntrySchema, manifestFileSchema } from './manifest/avro-schemas';
export {
  decodeManifest,
  decodeManifestList,
  encodeManifest,
  encodeManifestList,
  type ManifestHeader,
  type ManifestListHeader,
} from './manifest/codec';
export { contentFileOf, MAX_BOUND_BYTES } from './manifest/content-file';
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
  currentSnapshotId,
  defaultSpec,
  type MetadataLogEntry,
  type NewTable,
  NO_SNAPSHOT,
  newTableMetadata,
  type Snapshot,
  type SnapshotLogEntry,
  type SnapshotRef,
  type SnapshotSummary,
  type SortOrder,
  snapshotById,
  type TableMetadata,
} from './metadata';
export { parseTableMetadata, serializeTableMetadata } from './metadata-json';
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
  deletesFor,
  type FilePlan,
  manifestFiles,
  type PlannedFile,
  planFiles,
} from './read/plan';
export {
  ancestors,
  listSnapshots,
  removedDataFilesSince,
  sequenceNumberOf,
  snapshotAsOf,
} from './read/snapshots';
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
