import type { Failure } from '@lakestream/kafka';
import { isTable, type Table } from '@lakestream/schemas';
import type { DecodedChange } from './decode';

/**
 * A table is GlobalMart's only if both its database and its name are: Debezium's `source.db` (or the
 * topic's `<prefix>.<database>.<table>`) or DMS `schema-name` must be the configured source database,
 * so a `customers` table of another database on the same server is refused, not merged into ours.
 */
export function sourceTable(change: DecodedChange, sourceDatabase: string): Table | Failure {
  const { database, table } = change;
  const refuse = (reason: string): Failure => ({
    stage: 'decode',
    code: 'DECODE_UNKNOWN_TABLE',
    reason,
    table,
  });
  if (database === null) {
    return refuse(
      `the record names no database for table ${table}; only ${sourceDatabase}'s tables are read`,
    );
  }
  if (database !== sourceDatabase) {
    return refuse(`${database}.${table} is not a table of the source database ${sourceDatabase}`);
  }
  if (!isTable(table)) return refuse(`${database}.${table} is not a GlobalMart table`);
  return table;
}
