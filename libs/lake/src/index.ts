// @lakestream/lake: lake semantics over the Iceberg spec code (libs/iceberg): reading the lake as of
// a time, SQL over it with DuckDB, point-in-time features from the history tables, and the
// housekeeping (snapshot expiry, compaction, orphan files). Commands live in cli/, not here.

export { type AsOf, asOfTime, parseAsOf, snapshotFor } from './as-of';
export { type CompactOptions, type CompactReport, compactTable } from './compact/compact';
export {
  type CompactionPlan,
  type CompactionPolicy,
  DEFAULT_TARGET_FILE_BYTES,
  defaultCompactionPolicy,
  planCompaction,
} from './compact/plan';
export { LakeError, type LakeErrorCode, lakeErrorCodes } from './errors';
export { type FeaturesOptions, featuresAsOf, featuresSql } from './features';
export type { HousekeepingEvent, HousekeepingHook } from './housekeeping/events';
export { type ExpireOptions, type ExpireReport, expireSnapshots } from './housekeeping/expire';
export { normalizeLocation, type ReferencedFiles, referencedFiles } from './housekeeping/files';
export { type OrphanOptions, type OrphanReport, removeOrphans } from './housekeeping/orphans';
export {
  checkPolicy,
  DEFAULT_RETENTION,
  type KeepReason,
  parseDuration,
  planRetention,
  type RetentionPlan,
  type RetentionPolicy,
} from './housekeeping/retention';
export { OFFSETS_SUMMARY, offsetsText, type SnapshotLine, snapshotLines } from './snapshots';
export { DUCKDB_VERSION, duckdbExtensions } from './sql/extensions';
export {
  type LakeS3Access,
  type LakeSession,
  type LakeSessionOptions,
  type LakeView,
  lakeDuckdb,
  openLakeSession,
  type QueryResult,
  viewSql,
} from './sql/session';
