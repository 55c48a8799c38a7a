import type { IcebergField, IcebergSchema, PrimitiveType } from '@lakestream/iceberg';
import type { AvroJson, RecordJson } from '@lakestream/schemas';

// How a source row's Avro columns become Iceberg columns, and which columns the sink adds.

export interface ColumnShape {
  name: string;
  type: PrimitiveType;
  required: boolean;
  doc?: string;
  /** Turns the decoded Avro value into the LakeRow value for this Iceberg type. */
  convert: (value: unknown) => unknown;
}

const same = (value: unknown) => value;
const toBigint = (value: unknown) => BigInt(value as number | bigint);
const toNumber = (value: unknown) => Number(value);

function primitiveShape(type: AvroJson): Pick<ColumnShape, 'type' | 'convert'> | undefined {
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return { type: 'string', convert: same };
      case 'long':
        return { type: 'long', convert: toBigint };
      case 'int':
        return { type: 'int', convert: toNumber };
      case 'boolean':
        return { type: 'boolean', convert: same };
      case 'double':
        return { type: 'double', convert: toNumber };
      case 'float':
        return { type: 'float', convert: toNumber };
      case 'bytes':
        return { type: 'binary', convert: same };
      default:
        return undefined;
    }
  }
  if (Array.isArray(type) || typeof type !== 'object') return undefined;
  const logical = type.logicalType;
  if (logical === 'decimal') {
    return { type: `decimal(${Number(type.precision)}, ${Number(type.scale ?? 0)})`, convert: String };
  }
  // Every timestamp decodes to epoch µs (libs/schemas), which is what Iceberg keeps (spec "Primitive
  // Types"), whether the row schema stores millis (v1) or micros.
  if (logical === 'timestamp-millis' || logical === 'timestamp-micros') {
    return { type: 'timestamptz', convert: toBigint };
  }
  if (logical === 'local-timestamp-millis' || logical === 'local-timestamp-micros') {
    return { type: 'timestamp', convert: toBigint };
  }
  if (logical === 'date') return { type: 'date', convert: toNumber };
  return primitiveShape(type.type);
}

/** The row record's columns as Iceberg columns; a column of a type the lake cannot hold is an error. */
export function rowColumns(row: RecordJson): ColumnShape[] {
  return row.fields.map((field) => {
    const branches = Array.isArray(field.type) ? field.type : [field.type];
    const nonNull = branches.filter((b) => b !== 'null');
    const shape = nonNull.length === 1 ? primitiveShape(nonNull[0] as AvroJson) : undefined;
    if (!shape)
      throw new Error(
        `${row.name}.${field.name}: no Iceberg column for Avro type ${JSON.stringify(field.type)}`,
      );
    // Optional in the lake even when required at the source: a later source version may drop the
    // NOT NULL, and Iceberg cannot relax a required column back in old files.
    return { name: field.name, required: false, doc: field.doc, ...shape };
  });
}

export interface ColumnRequest {
  name: string;
  type: PrimitiveType;
  required: boolean;
  doc?: string;
}

export class SchemaChangeRefused extends Error {}

/**
 * The schema that holds the requested columns: the current one when it already does, else a new
 * schema with the missing columns appended under fresh ids (spec "Schema Evolution": ids are never
 * reused, so files written before still read by id). Existing columns keep their id and type.
 */
export function evolveSchema(
  current: IcebergSchema,
  lastColumnId: number,
  wanted: readonly ColumnRequest[],
  schemaIds: readonly number[],
): IcebergSchema {
  const byName = new Map(current.fields.map((f) => [f.name, f]));
  const added: IcebergField[] = [];
  let nextId = lastColumnId;
  for (const column of wanted) {
    const existing = byName.get(column.name);
    if (existing) {
      if (existing.type !== column.type) {
        throw new SchemaChangeRefused(
          `column ${column.name} is ${existing.type} in the lake but ${column.type} at the source; only additions evolve automatically`,
        );
      }
      continue;
    }
    nextId += 1;
    added.push({
      id: nextId,
      name: column.name,
      required: false,
      type: column.type,
      ...(column.doc ? { doc: column.doc } : {}),
    });
  }
  if (added.length === 0) return current;
  return {
    type: 'struct',
    'schema-id': Math.max(...schemaIds) + 1,
    fields: [...current.fields, ...added],
    ...(current['identifier-field-ids'] ? { 'identifier-field-ids': current['identifier-field-ids'] } : {}),
  };
}

/** A first schema: columns numbered from 1 in order. */
export function initialSchema(columns: readonly ColumnRequest[]): IcebergSchema {
  return {
    type: 'struct',
    'schema-id': 0,
    fields: columns.map((c, i) => ({
      id: i + 1,
      name: c.name,
      required: c.required,
      type: c.type,
      ...(c.doc ? { doc: c.doc } : {}),
    })),
  };
}
