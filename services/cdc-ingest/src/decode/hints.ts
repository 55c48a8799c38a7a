import { DecodeError } from './errors';
import { isObj } from './read';
import type { ColumnHints, ColumnType, TableSpec } from './types';

/**
 * Column hints from an entity's `<Entity>Row` Avro schema, mapped back through the table in
 * libs/schemas/README.md ("Row values"): decimal → DECIMAL(p,s), local-timestamp-micros → DATETIME,
 * timestamp-micros → TIMESTAMP (and the millis forms of row schema v1), date → DATE, long → BIGINT, int → INT, boolean → BOOLEAN.
 * JSON columns are plain strings there, as they are in Debezium's output.
 */
export function hintsFromRowSchema(rowSchema: unknown): ColumnHints {
  if (!isObj(rowSchema) || rowSchema.type !== 'record' || !Array.isArray(rowSchema.fields)) {
    throw new DecodeError('DECODE_BAD_VALUE', 'row schema is not an Avro record schema');
  }
  const hints: Record<string, ColumnType> = {};
  for (const field of rowSchema.fields) {
    if (!isObj(field) || typeof field.name !== 'string') continue;
    const branches = Array.isArray(field.type) ? field.type : [field.type];
    const type = hintFor(branches.find((b) => b !== 'null'));
    if (type) hints[field.name] = type;
  }
  return hints;
}

function hintFor(type: unknown): ColumnType | undefined {
  const t = typeof type === 'string' ? { type } : type;
  if (!isObj(t)) return undefined;
  switch (t.logicalType) {
    case 'decimal':
      return {
        kind: 'decimal',
        scale: Number(t.scale ?? 0),
        precision: typeof t.precision === 'number' ? t.precision : null,
        strings: 'text',
      };
    case 'date':
      return { kind: 'date' };
    case 'local-timestamp-millis':
      return { kind: 'datetime', unit: 'ms' };
    case 'local-timestamp-micros':
      return { kind: 'datetime', unit: 'us' };
    case 'timestamp-millis':
    case 'timestamp-micros':
      return { kind: 'timestamp' };
  }
  switch (t.type) {
    case 'int':
      return { kind: 'int' };
    case 'long':
      return { kind: 'long' };
    case 'float':
    case 'double':
      return { kind: 'float' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'string':
      return { kind: 'string' };
    default:
      return undefined;
  }
}

/**
 * A table's spec from its row schema: the hints, and the primary key from the schema's
 * `lakestream.primaryKey` attribute when it has one (libs/schemas/avro/rows/<table>/v<n>.avsc do).
 */
export function tableSpecFromRowSchema(rowSchema: unknown): TableSpec {
  const columns = hintsFromRowSchema(rowSchema);
  const pk = isObj(rowSchema) ? rowSchema['lakestream.primaryKey'] : undefined;
  return Array.isArray(pk) && pk.every((c): c is string => typeof c === 'string')
    ? { primaryKey: pk, columns }
    : { columns };
}
