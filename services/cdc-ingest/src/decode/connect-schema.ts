import { type Literal, semanticType } from './column-types';
import { DecodeError } from './errors';
import { isObj, type Obj, optionalString, requireObj, requireString } from './read';
import type { ColumnInfo, ConnectType } from './types';

/**
 * Columns from the Kafka Connect JSON schema that JsonConverter embeds with `schemas.enable=true`:
 * `{"type":"struct","fields":[{"field":"id","type":"int64","optional":false}, {"field":"total_amount",
 * "type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}}, ...]}`.
 *
 * Type names: Connect's own (`Schema.Type`, lower case: int8 … float32, float64 … struct) and the
 * ones JsonConverter writes, which differ for the floating types: FLOAT32 is `"float"` and FLOAT64
 * `"double"` (apache/kafka connect/json JsonSchema.java, FLOAT_TYPE_NAME / DOUBLE_TYPE_NAME). A name
 * outside both lists is not a Connect schema, and the record is refused rather than guessed at.
 */
const connectTypes: Readonly<Record<string, ConnectType>> = {
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  float32: 'float32',
  float64: 'float64',
  float: 'float32',
  double: 'float64',
  boolean: 'boolean',
  string: 'string',
  bytes: 'bytes',
  array: 'array',
  map: 'map',
  struct: 'struct',
};

/** What decoding needs of a Connect type; array, map and struct have no canonical row value. */
const literals: Readonly<Record<ConnectType, Literal>> = {
  int8: 'int',
  int16: 'int',
  int32: 'int',
  int64: 'long',
  float32: 'float',
  float64: 'float',
  boolean: 'boolean',
  string: 'string',
  bytes: 'bytes',
  array: 'struct',
  map: 'struct',
  struct: 'struct',
};

export function connectStructColumns(schema: unknown, what: string): ColumnInfo[] {
  const struct = requireObj(schema, what);
  if (struct.type !== 'struct' || !Array.isArray(struct.fields)) {
    throw new DecodeError('DECODE_BAD_VALUE', `${what} must be a struct schema with fields`);
  }
  return struct.fields.map((f, i) =>
    connectColumn(requireObj(f, `${what}.fields[${i}]`), `${what}.fields[${i}]`),
  );
}

function connectColumn(field: Obj, what: string): ColumnInfo {
  const name = requireString(field.field, `${what}.field`);
  const type = requireString(field.type, `${what}.type`);
  const connectType = connectTypes[type];
  if (!connectType) {
    throw new DecodeError(
      'DECODE_BAD_VALUE',
      `${what}.type ${JSON.stringify(type)} is not a Kafka Connect schema type`,
    );
  }
  const semantic = optionalString(field.name, `${what}.name`) ?? undefined;
  const parameters = isObj(field.parameters) ? stringValues(field.parameters) : undefined;
  return {
    name,
    type: semanticType(literals[connectType], semantic, parameters),
    optional: field.optional === true,
    sourceType: semantic ?? type,
    connectType,
  };
}

function stringValues(o: Obj): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The row columns of a Debezium envelope schema: the struct of its `after` (or `before`) field. */
export function connectEnvelopeColumns(envelope: unknown, what: string): ColumnInfo[] {
  const schema = requireObj(envelope, what);
  const fields = Array.isArray(schema.fields) ? schema.fields.filter(isObj) : [];
  const row =
    fields.find((f) => f.field === 'after' && f.type === 'struct') ??
    fields.find((f) => f.field === 'before' && f.type === 'struct');
  if (!row)
    throw new DecodeError(
      'DECODE_UNKNOWN_ENVELOPE',
      `${what} has no before/after struct: not a Debezium envelope schema`,
    );
  return connectStructColumns(row, `${what}.after`);
}
