import { decimalSpec } from '@lakestream/iceberg';
import { decimalText, loadRowSchema, type Table, unscaledDecimal } from '@lakestream/schemas';
import { rowColumns } from '../lake/columns';

export type TextRow = Record<string, string | null>;

const isoDay = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);

/**
 * A source row as the test readers print it (libs/testkit/readers/README.md): every value as
 * canonical text by its Iceberg type, so expected and read rows compare as plain strings.
 */
export function canonicalRow(table: Table, row: Record<string, unknown>): TextRow {
  const out: TextRow = {};
  for (const column of rowColumns(loadRowSchema(table))) {
    const raw = row[column.name];
    if (raw === null || raw === undefined) {
      out[column.name] = null;
      continue;
    }
    const value = column.convert(raw);
    const decimal = decimalSpec(column.type);
    if (decimal)
      out[column.name] = decimalText(
        unscaledDecimal(String(value), decimal.precision, decimal.scale),
        decimal.scale,
      );
    else if (column.type === 'date') out[column.name] = isoDay(Number(value));
    else out[column.name] = String(value);
  }
  return out;
}

/** Only the named columns of each row, sorted by a key column: the shape tests compare. */
export function projectRows(rows: readonly TextRow[], columns: readonly string[], sortBy: string): TextRow[] {
  return rows
    .map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null])))
    .sort((a, b) => String(a[sortBy]).localeCompare(String(b[sortBy])));
}
