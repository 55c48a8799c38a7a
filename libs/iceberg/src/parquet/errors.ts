/**
 * The closed list of Parquet codec error codes (STYLE.md practice 5). A row that does not fit its
 * Iceberg type fails the same way on every retry, as does a file that is not the Parquet the sink
 * wrote, so none can be retried.
 */
export const parquetErrorCodes = {
  /** A value does not fit its field's Iceberg type (a null in a required field, text in a long...). */
  PARQUET_BAD_VALUE: { canRetry: false },
  /** A field type the encoder has no Parquet mapping for. */
  PARQUET_UNSUPPORTED_TYPE: { canRetry: false },
  /** Bytes that do not read back as a data file with the expected columns. */
  PARQUET_BAD_FILE: { canRetry: false },
} as const;

export type ParquetErrorCode = keyof typeof parquetErrorCodes;

export class ParquetError extends Error {
  readonly canRetry: boolean;

  constructor(
    readonly code: ParquetErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ParquetError';
    this.canRetry = parquetErrorCodes[code].canRetry;
  }
}
