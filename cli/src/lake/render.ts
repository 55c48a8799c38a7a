import type { QueryResult } from '@lakestream/lake';
import { renderTable } from '@lakestream/stack';

// Query results as an aligned table (the default), CSV (RFC 4180) or JSON lines (one object per row,
// every value as DuckDB's text for it so 64-bit integers and decimals stay exact; null as null).

export const formats = ['table', 'csv', 'json'] as const;
export type Format = (typeof formats)[number];

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

const csvCell = (value: string | null) =>
  value === null ? '' : /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

export function renderResult(result: QueryResult, format: Format): string {
  const names = result.columns.map((c) => c.name);
  if (format === 'json')
    return result.rows
      .map((row) => JSON.stringify(Object.fromEntries(names.map((n, i) => [n, text(row[i])]))))
      .join('\n');
  if (format === 'csv')
    return [names.map(csvCell), ...result.rows.map((row) => row.map((v) => csvCell(text(v))))]
      .map((r) => r.join(','))
      .join('\n');
  return renderTable(
    names,
    result.rows.map((row) => row.map((v) => text(v) ?? 'NULL')),
  );
}
