/**
 * Pure decoders from one Kafka record to a normalised change (or a tombstone, an ignored record or
 * a typed failure); they never throw for bad input. One entry point per source format.
 */
export { type AvroRecord, type DebeziumAvroOptions, decodeDebeziumAvro } from './debezium-avro';
export { type DebeziumJsonOptions, decodeDebeziumJson } from './debezium-json';
export { type DmsJsonOptions, decodeDmsJson } from './dms-json';
export { type DecodeErrorCode, type DecodeFailure, decodeErrorCodes } from './errors';
export { hintsFromRowSchema, tableSpecFromRowSchema } from './hints';
export type { DebeziumTopics } from './topics';
export type * from './types';
