export { changeEventSchema, ROW_PLACEHOLDER } from './avro/change-event';
export { type Compatibility, checkBackward } from './avro/compatibility';
export { DecimalType } from './avro/decimal-type';
export {
  ENRICHED_NAMESPACE,
  type EnrichedTemplates,
  enrichedEventSchema,
  enrichedRowSchema,
} from './avro/enriched-event';
export { avroOptions, avroType, LOGICAL_TYPES, reusableAvroOptions } from './avro/options';
export { type KeyType, type RowFacts, rowFacts } from './avro/row-facts';
export {
  AVRO_DIR,
  changeEventHistory,
  derivedHistory,
  derivedTables,
  enrichedEventHistory,
  latestVersion,
  loadChangeEventTemplate,
  loadEnrichedTemplate,
  rowHistory,
  type SchemaVersion,
} from './avro/schema-files';
export { type AvroJson, type FieldJson, isRecordJson, type RecordJson } from './avro/schema-json';
export { DateType, EpochMicrosType } from './avro/temporal-types';
export { bigintLong } from './avro-long';
export {
  decimalText,
  fromTwosComplement,
  toTwosComplement,
  twosComplementLength,
  unscaledDecimal,
} from './decimal';
export type { EnrichedEvent } from './enriched';
export {
  ENTITIES,
  isTable,
  type KeyValues,
  loadChangeEventSchema,
  loadDerivedSchema,
  loadEnrichedEventSchema,
  loadRowSchema,
  type PrimaryKeyColumn,
  primaryKey,
  TABLES,
  tenantColumn,
} from './entities';
export * from './generated';
export type { Enrichment } from './generated/enriched';
export { canonicalKey, parseCanonicalKey } from './key';
export { LINEAGE_HEADER, lineageHeaders, parseLineage, type RecordSource } from './lineage';
export { EMAIL_COLUMNS, PII_COLUMNS } from './pii';
export { type BinlogPoint, binlogOrdinal, compareOrdinals, type DmsPoint, dmsOrdinal } from './position';
export * from './quality';
export {
  type DecodedRecord,
  isConfluentFramed,
  type RecordDecoder,
  type RecordDecoderOptions,
  RegistryUnavailable,
  recordDecoder,
  UNDECODABLE_CODES,
  type UndecodableCode,
  UndecodableRecord,
  type WriterSchema,
} from './record-decoder';
export { schemaRegistry } from './registry';
export { type Refusal, type Registration, subjectRegistration } from './subject-registration';
export { isoFromMicros, microsFromIso, millisFromMicros } from './time';
export * from './topics';
