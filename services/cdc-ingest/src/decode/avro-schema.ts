import { type Literal, semanticType } from './column-types';
import { DecodeError } from './errors';
import { isObj, type Obj } from './read';
import type { ColumnInfo } from './types';

/**
 * Columns from a Debezium Avro writer schema. The Avro converters keep Kafka Connect's metadata on
 * each field type: `connect.name` (the semantic type, e.g. `io.debezium.time.Timestamp`),
 * `connect.parameters` (a Decimal's `scale`, an Enum's `allowed`) and `connect.type` (int16 for
 * TINYINT); Decimal also carries Avro's own `logicalType: decimal` with `scale`/`precision`.
 * Captured from Debezium 3.5 through Apicurio's converter: see test-fixtures/debezium-avro/schemas.
 */
const literals: Readonly<Record<string, Literal>> = {
  int: 'int',
  long: 'long',
  float: 'float',
  double: 'float',
  boolean: 'boolean',
  string: 'string',
  enum: 'string',
  bytes: 'bytes',
  fixed: 'bytes',
  record: 'struct',
  array: 'struct',
  map: 'struct',
};

/** Avro logical types, for writers that set them without Connect metadata. */
const logicalNames: Readonly<Record<string, string>> = {
  decimal: 'org.apache.kafka.connect.data.Decimal',
  date: 'io.debezium.time.Date',
  'timestamp-millis': 'org.apache.kafka.connect.data.Timestamp',
  'local-timestamp-millis': 'io.debezium.time.Timestamp',
  'timestamp-micros': 'io.debezium.time.MicroTimestamp',
  'local-timestamp-micros': 'io.debezium.time.MicroTimestamp',
};

/** Every named type in a schema by name and full name, to resolve references such as "Value". */
function namedTypes(schema: unknown, into = new Map<string, Obj>(), namespace = ''): Map<string, Obj> {
  if (Array.isArray(schema)) {
    for (const s of schema) namedTypes(s, into, namespace);
  } else if (isObj(schema)) {
    const ns = typeof schema.namespace === 'string' ? schema.namespace : namespace;
    if (
      typeof schema.name === 'string' &&
      (schema.type === 'record' || schema.type === 'enum' || schema.type === 'fixed')
    ) {
      into.set(schema.name, schema);
      into.set(schema.name.includes('.') ? schema.name : `${ns}.${schema.name}`, schema);
    }
    if (Array.isArray(schema.fields))
      for (const f of schema.fields) if (isObj(f)) namedTypes(f.type, into, ns);
    if (schema.items !== undefined) namedTypes(schema.items, into, ns);
    if (schema.values !== undefined) namedTypes(schema.values, into, ns);
    if (isObj(schema.type) || Array.isArray(schema.type)) namedTypes(schema.type, into, ns);
  }
  return into;
}

function resolve(type: unknown, named: Map<string, Obj>): unknown {
  return typeof type === 'string' && !(type in literals) ? (named.get(type) ?? type) : type;
}

function column(field: Obj, named: Map<string, Obj>, what: string): ColumnInfo {
  if (typeof field.name !== 'string') throw new DecodeError('DECODE_BAD_VALUE', `${what} has no name`);
  const branches = Array.isArray(field.type) ? field.type : [field.type];
  const optional = branches.includes('null');
  const type = resolve(
    branches.find((b) => b !== 'null'),
    named,
  );
  if (typeof type === 'string') {
    return {
      name: field.name,
      type: semanticType(literals[type] ?? 'struct', undefined, undefined),
      optional,
      sourceType: type,
    };
  }
  if (!isObj(type) || typeof type.type !== 'string') {
    throw new DecodeError('DECODE_BAD_VALUE', `${what}.type is not an Avro type`);
  }
  const connectName = typeof type['connect.name'] === 'string' ? type['connect.name'] : undefined;
  const logical = typeof type.logicalType === 'string' ? logicalNames[type.logicalType] : undefined;
  const semantic = connectName ?? logical;
  const parameters: Record<string, string> = {};
  if (type.logicalType === 'decimal') {
    parameters.scale = String(type.scale ?? 0);
    if (type.precision !== undefined) parameters['connect.decimal.precision'] = String(type.precision);
  }
  if (isObj(type['connect.parameters'])) {
    for (const [k, v] of Object.entries(type['connect.parameters']))
      if (typeof v === 'string') parameters[k] = v;
  }
  const columnType = semanticType(literals[type.type] ?? 'struct', semantic, parameters);
  return {
    name: field.name,
    // Avro bytes arrive as Buffers; a string Decimal can only be text from a registered logical type.
    type: columnType.kind === 'decimal' ? { ...columnType, strings: 'text' } : columnType,
    optional,
    sourceType: semantic ?? (typeof type['connect.type'] === 'string' ? type['connect.type'] : type.type),
  };
}

/** The columns of an Avro record schema (a Debezium `Value` or `Key` record). */
export function avroRecordColumns(record: unknown, what: string, named = namedTypes(record)): ColumnInfo[] {
  const schema = resolve(record, named);
  if (!isObj(schema) || schema.type !== 'record' || !Array.isArray(schema.fields)) {
    throw new DecodeError('DECODE_BAD_VALUE', `${what} is not an Avro record schema`);
  }
  return schema.fields.map((f, i) => {
    if (!isObj(f)) throw new DecodeError('DECODE_BAD_VALUE', `${what}.fields[${i}] is not a field`);
    return column(f, named, `${what}.fields[${i}]`);
  });
}

/** The row columns of a Debezium Avro envelope schema: the record type of `before`/`after`. */
export function avroEnvelopeColumns(envelope: unknown, what: string): ColumnInfo[] {
  if (!isObj(envelope) || envelope.type !== 'record' || !Array.isArray(envelope.fields)) {
    throw new DecodeError('DECODE_UNKNOWN_ENVELOPE', `${what} is not an Avro record schema`);
  }
  const named = namedTypes(envelope);
  for (const name of ['before', 'after']) {
    const field = envelope.fields.find((f) => isObj(f) && f.name === name);
    if (!isObj(field)) continue;
    const branches = Array.isArray(field.type) ? field.type : [field.type];
    const row = resolve(
      branches.find((b) => b !== 'null'),
      named,
    );
    if (isObj(row) && row.type === 'record') return avroRecordColumns(row, `${what}.${name}`, named);
  }
  throw new DecodeError(
    'DECODE_UNKNOWN_ENVELOPE',
    `${what} has no before/after record: not a Debezium envelope schema`,
  );
}
