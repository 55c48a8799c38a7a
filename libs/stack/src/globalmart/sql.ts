/**
 * SQL text for MariaDB. Values are always rendered through `sqlLiteral`, never concatenated raw.
 *
 * The escaping assumes backslash escapes are on (MariaDB's default sql_mode); `sessionPreamble` pins
 * that mode, so a server configured with NO_BACKSLASH_ESCAPES cannot silently corrupt backslashes.
 */
export type SqlValue = string | number | bigint | boolean | null;

export const sessionPreamble: readonly string[] = [
  'SET NAMES utf8mb4',
  "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION'",
  // TIMESTAMP literals are read in the session zone; the generator writes UTC.
  "SET time_zone = '+00:00'",
];

const stringEscapes: Readonly<Record<string, string>> = {
  '\0': '\\0',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
  "'": "\\'",
  '\\': '\\\\',
};

// Built from the table (as \xNN escapes) so the two cannot drift apart.
const mustEscape = new RegExp(
  `[${Object.keys(stringEscapes)
    .map((ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .join('')}]`,
  'g',
);

/** A single-quoted string literal; every other character (any Unicode) passes through as UTF-8. */
export function escapeString(value: string): string {
  return `'${value.replace(mustEscape, (ch) => stringEscapes[ch] ?? ch)}'`;
}

export function escapeIdentifier(name: string): string {
  if (name.length === 0 || name.includes('\0'))
    throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
  return `\`${name.replace(/`/g, '``')}\``;
}

export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'string':
      return escapeString(value);
    case 'boolean':
      return value ? '1' : '0';
    case 'bigint':
      return value.toString();
    case 'number':
      // NaN/Infinity have no SQL spelling; failing here beats writing garbage.
      if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as SQL`);
      return String(value);
  }
}

/** Rows are typed per table, but a missing column or a stray object must fail loudly, not print "undefined". */
function asSqlValue(value: unknown, table: string, column: string): SqlValue {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return value;
    default:
      if (value === null) return null;
      throw new Error(`${table}.${column}: cannot write ${typeof value} as SQL`);
  }
}

/** Multi-row INSERTs of at most `batchSize` rows each, columns in the given order. */
export function insertStatements<Row extends object>(
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
  batchSize = 500,
): string[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`invalid batch size ${batchSize}`);
  const head = `INSERT INTO ${escapeIdentifier(table)} (${columns.map(escapeIdentifier).join(', ')}) VALUES\n`;
  const statements: string[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    const tuples = rows
      .slice(start, start + batchSize)
      .map(
        (row) =>
          `(${columns.map((column) => sqlLiteral(asSqlValue(row[column], table, column))).join(', ')})`,
      );
    statements.push(head + tuples.join(',\n'));
  }
  return statements;
}
