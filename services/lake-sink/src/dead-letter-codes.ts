import type { UndecodableCode } from '@lakestream/schemas';

/**
 * Why the lake sink dead-letters a record (the `lakestream.dlq.code` header, stage `lake`), as a closed
 * list (STYLE.md practice 5), beside the shared decoder's `UndecodableCode`s (not Avro, an unknown
 * schema id, bytes the schema cannot read). None can be retried: the same record fails the same way
 * on every try, so it goes to the dead-letter topic with its reason and the partition moves on.
 */
export const sinkDeadLetterCodes = {
  /** A column the lake holds with another type, or of a type no data file can hold. */
  SINK_SCHEMA_REFUSED: { canRetry: false },
  /** A value the Parquet encoder would refuse (out of its column type's range, say), found on arrival. */
  SINK_VALUE_REFUSED: { canRetry: false },
  /** A row that failed to encode at commit time, found by encoding the failed batch in parts. */
  SINK_ENCODE_FAILED: { canRetry: false },
} as const;

export type SinkDeadLetterCode = keyof typeof sinkDeadLetterCodes | UndecodableCode;
