/**
 * A SELECT that prints every column of a view as the test readers' canonical text
 * (libs/testkit/readers/README.md): timestamps as epoch µs, dates ISO, decimals with their scale.
 */
export function canonicalSelect(
  view: string,
  schema: { fields: readonly { name: string; type: unknown }[] },
): string {
  const columns = schema.fields.map((f) => {
    const c = `"${f.name.replace(/"/g, '""')}"`;
    const type = String(f.type);
    const text =
      type === 'timestamptz' || type === 'timestamp'
        ? `epoch_us(${c})::VARCHAR`
        : type === 'date'
          ? `strftime(${c}, '%Y-%m-%d')`
          : type === 'string'
            ? c
            : `${c}::VARCHAR`;
    return `${text} AS ${c}`;
  });
  return `SELECT ${columns.join(', ')} FROM ${view}`;
}

/** Rows as sorted JSON lines, so two readers' outputs compare as arrays. */
export const rowLines = (rows: Record<string, string | null>[], columns: readonly string[]) =>
  rows.map((r) => JSON.stringify(columns.map((c) => r[c] ?? null))).sort();
