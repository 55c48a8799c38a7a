/**
 * Why the lake sink dead-letters a record (the `lakestream.dlq.code` header, stage `lake`), as a closed
 * list (STYLE.md practice 5). None can be retried: the same record fails the same way on every try,
 * so it goes to the dead-letter topic with its reason and the partition moves on.
 */
export const sinkDeadLetterCodes = {
  /** Not Confluent-framed Avro (magic byte 0, schema id). */
  SINK_NOT_AVRO: { canRetry: false },
  /** Its own writer schema cannot read it. */
  SINK_UNDECODABLE: { canRetry: false },
  /** A column the lake holds with another type, or of a type no data file can hold. */
  SINK_SCHEMA_REFUSED: { canRetry: false },
  /** A value the Parquet encoder would refuse (out of its column type's range, say), found on arrival. */
  SINK_VALUE_REFUSED: { canRetry: false },
  /** A row that failed to encode at commit time, found by encoding the failed batch in parts. */
  SINK_ENCODE_FAILED: { canRetry: false },
} as const;

export type SinkDeadLetterCode = keyof typeof sinkDeadLetterCodes;
