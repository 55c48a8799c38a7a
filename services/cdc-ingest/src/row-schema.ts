import type { AvroJson, FieldJson, RecordJson } from '@lakestream/schemas';
import type { ColumnInfo, ColumnType } from './decode/types';

/** The Avro type that carries a source column's canonical value (libs/schemas/README, Row values). */
export function avroTypeOf(type: ColumnType): AvroJson {
  switch (type.kind) {
    case 'int':
      return 'int';
    case 'long':
      return 'long';
    case 'float':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'string':
    case 'enum':
    case 'json':
    case 'variable-decimal':
      return 'string';
    case 'bytes':
      return 'bytes';
    case 'decimal':
      return { type: 'bytes', logicalType: 'decimal', precision: type.precision ?? 38, scale: type.scale };
    case 'date':
      return { type: 'int', logicalType: 'date' };
    case 'datetime':
      return { type: 'long', logicalType: 'local-timestamp-micros' };
    case 'timestamp':
      return { type: 'long', logicalType: 'timestamp-micros' };
  }
}

/**
 * The row schema for what the source now sends: the known schema plus, for each column the source
 * added, an optional field defaulting to null — the only change that keeps every earlier version
 * readable (BACKWARD). Known fields keep their declared types; a column whose type changed at the
 * source shows up as a value that no longer fits (see `describeMismatch`).
 */
export function evolveRowSchema(known: RecordJson, observed: readonly ColumnInfo[] | undefined): RecordJson {
  if (!observed) return known;
  const names = new Set(known.fields.map((f) => f.name));
  const added: FieldJson[] = observed
    .filter((column) => !names.has(column.name))
    .map((column) => ({
      name: column.name,
      type: ['null', avroTypeOf(column.type)],
      default: null,
      doc: `Added at the source (${column.sourceType}).`,
    }));
  return added.length === 0 ? known : { ...known, fields: [...known.fields, ...added] };
}

/** Names the columns whose source type no longer matches the row schema, for a dead-letter reason. */
export function describeMismatch(
  known: RecordJson,
  observed: readonly ColumnInfo[] | undefined,
): string | undefined {
  if (!observed) return undefined;
  const declared = new Map(known.fields.map((f) => [f.name, f.type]));
  const changed = observed.flatMap((column) => {
    const field = declared.get(column.name);
    if (field === undefined) return [];
    const expected = JSON.stringify(stripNull(field));
    const now = JSON.stringify(avroTypeOf(column.type));
    return expected === now
      ? []
      : [`${column.name} is ${now} at the source but ${expected} in the row schema`];
  });
  return changed.length > 0 ? changed.join('; ') : undefined;
}

function stripNull(type: AvroJson): AvroJson {
  if (Array.isArray(type)) {
    const rest = type.filter((t) => t !== 'null');
    return rest.length === 1 ? (rest[0] as AvroJson) : rest;
  }
  return type;
}
