import * as avro from 'avsc';
import { bigintLong } from '../avro-long';
import { DecimalType } from './decimal-type';
import type { AvroJson } from './schema-json';
import { DateType, EpochMillisType } from './temporal-types';

/** The logical types whose values the README (Row values) fixes; any other stays its underlying type. */
export const LOGICAL_TYPES = {
  decimal: DecimalType,
  'timestamp-millis': EpochMillisType,
  'local-timestamp-millis': EpochMillisType,
  date: DateType,
} satisfies avro.ForSchemaOptions['logicalTypes'];

/**
 * avsc options for one parse: bigint longs and our logical types. A fresh registry every call, because
 * avsc adds each named type it parses to the registry it is given and refuses a second definition.
 * `assertLogicalTypes`: a malformed decimal should fail loudly, not decode as raw bytes (which the spec
 * would allow) and reach a consumer as a Buffer where it expects text.
 */
export function avroOptions(): Partial<avro.ForSchemaOptions> {
  return { registry: { long: bigintLong }, logicalTypes: LOGICAL_TYPES, assertLogicalTypes: true };
}

/**
 * The same options for a client that hands one options object to every parse, such as the schema
 * registry client: the registry is a getter, so each copy the client makes gets a fresh one.
 */
export function reusableAvroOptions(): Partial<avro.ForSchemaOptions> {
  return {
    get registry() {
      return { long: bigintLong };
    },
    logicalTypes: LOGICAL_TYPES,
    assertLogicalTypes: true,
  };
}

/** The avsc Type of a schema, decoding to the README's TypeScript values. */
export function avroType(schema: AvroJson): avro.Type {
  return avro.Type.forSchema(schema as avro.Schema, avroOptions());
}
