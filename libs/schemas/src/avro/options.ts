import * as avro from 'avsc';
import { bigintLong } from '../avro-long';
import { DecimalType } from './decimal-type';
import type { AvroJson } from './schema-json';
import { DateType, EpochMicrosType } from './temporal-types';

/** The logical types whose values the README (Row values) fixes; any other stays its underlying type. */
export const LOGICAL_TYPES = {
  decimal: DecimalType,
  'timestamp-millis': EpochMicrosType,
  'local-timestamp-millis': EpochMicrosType,
  'timestamp-micros': EpochMicrosType,
  'local-timestamp-micros': EpochMicrosType,
  date: DateType,
} satisfies avro.ForSchemaOptions['logicalTypes'];

/**
 * avsc options for one parse: bigint longs and our logical types. A fresh registry every call, because
 * avsc adds each named type it parses to the registry it is given and refuses a second definition.
 * `assertLogicalTypes`: a malformed decimal should fail loudly, not decode as raw bytes (which the spec
 * would allow) and reach a consumer as a Buffer where it expects text.
 */
export function avroOptions(): Partial<avro.ForSchemaOptions> {
  return {
    registry: { long: bigintLong },
    logicalTypes: LOGICAL_TYPES,
    assertLogicalTypes: true,
    typeHook: longAsBigint,
  };
}

/**
 * The registry entry for `long` replaces only the bare name "long"; a long written as an object with
 * attributes (Debezium's `{"type":"long","connect.name":"io.debezium.time.Timestamp"}`, a BIGINT with
 * a default) would otherwise decode as a number and throw above 2^53. Longs with one of our logical
 * types keep it.
 */
function longAsBigint(schema: avro.Schema): avro.Type | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
  const { type, logicalType } = schema as { type?: unknown; logicalType?: unknown };
  if (type !== 'long') return undefined;
  if (typeof logicalType === 'string' && logicalType in LOGICAL_TYPES) return undefined;
  return bigintLong;
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
    typeHook: longAsBigint,
  };
}

/** The avsc Type of a schema, decoding to the README's TypeScript values. */
export function avroType(schema: AvroJson): avro.Type {
  return avro.Type.forSchema(schema as avro.Schema, avroOptions());
}
