import { effectiveType } from './column-types';
import { type ConvertContext, convertValue } from './convert';
import { DecodeError } from './errors';
import { requireDeclaredType } from './json-types';
import { type Obj, requireObj } from './read';
import type { ColumnHints, ColumnInfo, Row, RowValue } from './types';

/**
 * A row image → canonical row. With the writer's columns (a schema came with the record) every
 * column of the schema is read, in schema order; without them every field present is read and typed
 * by the hints, or passed through.
 */
export function convertRow(
  raw: unknown,
  columns: readonly ColumnInfo[] | undefined,
  hints: ColumnHints | undefined,
  what: string,
  ctx: ConvertContext,
): Row {
  const image = requireObj(raw, what);
  const row: Record<string, RowValue> = {};
  if (columns) {
    for (const col of columns) {
      const value = image[col.name];
      if (value === undefined || value === null) {
        if (!col.optional)
          throw new DecodeError(
            'DECODE_MISSING_FIELD',
            `${what}.${col.name} is missing (the column is NOT NULL)`,
          );
        row[col.name] = null;
        continue;
      }
      if (col.connectType) requireDeclaredType(value, col.connectType, `${what}.${col.name}`);
      const type = effectiveType(col.type, hints?.[col.name]);
      row[col.name] = convertValue(value, type, col.name, `${what}.${col.name}`, ctx);
    }
    return row;
  }
  for (const name of Object.keys(image)) {
    row[name] = convertValue(image[name], hints?.[name], name, `${what}.${name}`, ctx);
  }
  return row;
}

/** The primary-key columns of a row, in key order; a key column must be present and not null. */
export function keyFromRow(row: Row, primaryKey: readonly string[], what: string): Row {
  const key: Record<string, RowValue> = {};
  for (const col of primaryKey) {
    const value = row[col];
    if (value === undefined || value === null) {
      throw new DecodeError('DECODE_MISSING_FIELD', `${what} has no value for primary-key column ${col}`);
    }
    key[col] = value;
  }
  return key;
}

/** The names of an object's fields, for messages. */
export function fieldNames(o: Obj): string {
  return Object.keys(o).join(', ') || '(none)';
}
