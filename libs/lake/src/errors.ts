// The lake library's errors: one closed list of codes, each saying whether trying again can help
// (STYLE practice 5). Commit conflicts inside a housekeeping commit are retried where they happen;
// what reaches a caller is final.

export const lakeErrorCodes = [
  /** `--as-of` is neither an ISO time nor a snapshot id. */
  'LAKE_BAD_AS_OF',
  /** A table or snapshot the request names does not exist. */
  'LAKE_NOT_FOUND',
  /** An option out of range (a retention policy, a file size). */
  'LAKE_BAD_OPTION',
  /** The DuckDB extensions could not be installed (no pip, no network on a first run). */
  'LAKE_EXTENSIONS_UNAVAILABLE',
  /** A query DuckDB refused. */
  'LAKE_QUERY_FAILED',
  /** Another writer changed what a housekeeping commit replaces; run it again. */
  'LAKE_HOUSEKEEPING_CONFLICT',
  /** The table has something this version does not handle (equality deletes for compaction). */
  'LAKE_UNSUPPORTED',
] as const;

export type LakeErrorCode = (typeof lakeErrorCodes)[number];

const retryable: ReadonlySet<LakeErrorCode> = new Set(['LAKE_HOUSEKEEPING_CONFLICT']);

export class LakeError extends Error {
  readonly canRetry: boolean;
  constructor(
    readonly code: LakeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LakeError';
    this.canRetry = retryable.has(code);
  }
}
