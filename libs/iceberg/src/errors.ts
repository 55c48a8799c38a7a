/**
 * The closed list of @lakestream/iceberg's error codes (STYLE.md practice 5), each saying whether the
 * same call may succeed if tried again. Only a lost commit race can: the writer reloads the table and
 * builds on the winner's metadata. Everything else fails the same way on every try: bad input, a table
 * that is not what the writer expects, a file that is not what the table says.
 */
export const icebergErrorCodes = {
  /**
   * Another writer committed first, or a commit requirement no longer holds on the table's newest
   * metadata (spec "Commit Conflict Resolution and Retry"). Reload and build again.
   */
  ICEBERG_COMMIT_CONFLICT: { canRetry: true },
  /**
   * The writer's own check of a fresh base failed: another writer moved what its batch was built on
   * (offsets, schema). The batch must be rebuilt from the table, not committed again as it is.
   */
  ICEBERG_STALE_BATCH: { canRetry: false },
  /** Table metadata, a manifest or a manifest list that does not read as the spec says it must. */
  ICEBERG_BAD_METADATA: { canRetry: false },
  /** A table, or a file a table names (metadata, manifest list, manifest), is not there. */
  ICEBERG_NOT_FOUND: { canRetry: false },
  /**
   * A commit whose updates cannot apply to the table as it is, whatever the base: a ref to a snapshot
   * it does not have, a snapshot id or schema id it already has, a format version it does not write.
   */
  ICEBERG_BAD_UPDATE: { canRetry: false },
  /** A table is already there where one was to be created. */
  ICEBERG_TABLE_EXISTS: { canRetry: false },
  /** Valid Iceberg this package does not handle (a format version, a type, a transform). */
  ICEBERG_UNSUPPORTED: { canRetry: false },
  /** A value does not fit its field's Iceberg type (a null in a required field, text in a long...). */
  PARQUET_BAD_VALUE: { canRetry: false },
  /** A field type the encoder has no Parquet mapping for. */
  PARQUET_UNSUPPORTED_TYPE: { canRetry: false },
  /** Bytes that do not read back as a data file with the expected columns. */
  PARQUET_BAD_FILE: { canRetry: false },
} as const;

export type IcebergErrorCode = keyof typeof icebergErrorCodes;
export type ParquetErrorCode = Extract<IcebergErrorCode, `PARQUET_${string}`>;

export const isIcebergErrorCode = (code: unknown): code is IcebergErrorCode =>
  typeof code === 'string' && Object.hasOwn(icebergErrorCodes, code);

export class IcebergError<C extends IcebergErrorCode = IcebergErrorCode> extends Error {
  readonly canRetry: boolean;

  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IcebergError';
    this.canRetry = icebergErrorCodes[code].canRetry;
  }
}

/** An error of the Parquet codec: never retryable, since the same rows fail the same way. */
export class ParquetError extends IcebergError<ParquetErrorCode> {
  constructor(code: ParquetErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ParquetError';
  }
}

/** The error a code names, as the encoder pool rebuilds one that crossed from a worker thread. */
export function errorOfCode(code: IcebergErrorCode, message: string): IcebergError {
  return code.startsWith('PARQUET_')
    ? new ParquetError(code as ParquetErrorCode, message)
    : new IcebergError(code, message);
}
