/**
 * The closed list of decode error codes. Every one describes bad input (a record that will never
 * decode however often it is retried), so none can be retried: the caller dead-letters the record
 * with the code in a header (STYLE.md practice 5).
 */
export const decodeErrorCodes = {
  /** The value (or key) bytes are not valid UTF-8 JSON. */
  DECODE_NOT_JSON: { canRetry: false },
  /** JSON or Avro, but not a Debezium envelope or an AWS DMS message. */
  DECODE_UNKNOWN_ENVELOPE: { canRetry: false },
  /** A field the format requires is absent (op, source.file, a non-optional column, the key...). */
  DECODE_MISSING_FIELD: { canRetry: false },
  /** A field is present but its value does not fit its type (a DECIMAL with too many decimals...). */
  DECODE_BAD_VALUE: { canRetry: false },
  /**
   * A value whose JSON type contradicts the type declared for it (a string where the schema says
   * int32, a number where it says string): refused, never coerced.
   */
  DECODE_TYPE_MISMATCH: { canRetry: false },
  /** The Kafka key's primary-key values differ from the row image's (after, or before for a delete). */
  DECODE_KEY_MISMATCH: { canRetry: false },
  /** The key cannot be rendered as the table's canonical key (a missing or mistyped key column). */
  DECODE_BAD_KEY: { canRetry: false },
  /** Not a table of the configured source database (another database's table of the same name too). */
  DECODE_UNKNOWN_TABLE: { canRetry: false },
  /** An operation the pipeline does not handle (Debezium `m` message, DMS `truncate`). */
  DECODE_UNSUPPORTED_OP: { canRetry: false },
  /** A column type with no canonical row value (BLOB, BINARY, BIT(n)). */
  DECODE_UNSUPPORTED_TYPE: { canRetry: false },
  /** A sub-microsecond time the caller asked to reject rather than truncate (`subMicrosecond`). */
  DECODE_PRECISION_LOSS: { canRetry: false },
  /** A bug in the decoder itself surfaced while decoding this record. */
  DECODE_UNEXPECTED: { canRetry: false },
} as const;

export type DecodeErrorCode = keyof typeof decodeErrorCodes;

/** The typed failure every decoder returns instead of throwing. */
export interface DecodeFailure {
  readonly kind: 'failure';
  readonly code: DecodeErrorCode;
  /** Readable: names the field and what was expected. */
  readonly reason: string;
  readonly canRetry: boolean;
}

export function decodeFailure(code: DecodeErrorCode, reason: string): DecodeFailure {
  return { kind: 'failure', code, reason, canRetry: decodeErrorCodes[code].canRetry };
}

/**
 * Thrown by the conversion helpers deep inside a decode and caught at the decoder's boundary
 * (`atBoundary`), which turns it into a `DecodeFailure`. Never escapes a decoder.
 */
export class DecodeError extends Error {
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

/** Runs one decode; a `DecodeError` or any other exception becomes a `DecodeFailure`. */
export function atBoundary<T>(decode: () => T): T | DecodeFailure {
  try {
    return decode();
  } catch (err) {
    if (err instanceof DecodeError) return decodeFailure(err.code, err.message);
    const message = err instanceof Error ? err.message : String(err);
    return decodeFailure('DECODE_UNEXPECTED', `decoder error: ${message}`);
  }
}
