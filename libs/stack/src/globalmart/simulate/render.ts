import { escapeIdentifier, sqlLiteral } from '../sql';
import {
  type Change,
  type IdText,
  type Increment,
  isIdText,
  isIncrement,
  isRowRef,
  type Param,
  type RowRef,
  type SimEvent,
} from './changes';

/** An id the run created earlier, looked up when its event is about to run. */
export type ResolveRef = (ref: RowRef) => number | undefined;

export class UnresolvedRefError extends Error {
  constructor(ref: RowRef) {
    super(`row #${ref.ref} of this run has no id: the event that inserts it failed`);
  }
}

export interface RenderedStatement {
  sql: string;
  /** The change it applies; absent for the `SET @r… = LAST_INSERT_ID()` that names a new row. */
  change?: Change;
}

/**
 * SQL for one event. A row created earlier in the same event is named by a session variable set
 * right after its INSERT, so the whole transaction travels in one round trip; a row from an earlier
 * event by the id that event's commit returned.
 */
export function renderEvent(event: SimEvent, resolve: ResolveRef): RenderedStatement[] {
  const local = new Set<number>();
  const value = (param: Param | Increment, column: string): string => {
    if (isIncrement(param)) {
      const sign = param.add < 0 ? '-' : '+';
      return `${escapeIdentifier(column)} ${sign} ${Math.abs(param.add)}`;
    }
    if (isIdText(param)) return idText(param, idSql);
    if (isRowRef(param)) return idSql(param);
    return sqlLiteral(param);
  };
  const idSql = (id: RowRef | number): string => {
    if (!isRowRef(id)) return sqlLiteral(id);
    if (local.has(id.ref)) return `@r${id.ref}`;
    const resolved = resolve(id);
    if (resolved === undefined) throw new UnresolvedRefError(id);
    return String(resolved);
  };
  const statements: RenderedStatement[] = [];
  for (const change of event.changes) {
    statements.push({ sql: changeSql(change, value), change });
    if (change.op === 'c' && change.creates) {
      local.add(change.creates.ref);
      statements.push({ sql: `SET @r${change.creates.ref} = LAST_INSERT_ID()` });
    }
  }
  return statements;
}

/** LPAD truncates to its length, so a longer id keeps all its digits. */
function idText(param: IdText, idSql: (id: RowRef | number) => string): string {
  const id = idSql(param.idOf);
  return `CONCAT(${sqlLiteral(param.prefix)}, LPAD(${id}, GREATEST(8, CHAR_LENGTH(${id})), '0'))`;
}

function changeSql(change: Change, value: (param: Param | Increment, column: string) => string): string {
  const table = escapeIdentifier(change.table);
  const where = (row: Readonly<Record<string, Param>>) =>
    Object.entries(row)
      .map(([column, param]) => `${escapeIdentifier(column)} = ${value(param, column)}`)
      .join(' AND ');
  switch (change.op) {
    case 'c': {
      const columns = Object.keys(change.rows[0] ?? {});
      if (columns.length === 0) throw new Error(`an insert into ${change.table} without rows`);
      const tuples = change.rows.map((row) => {
        if (Object.keys(row).length !== columns.length)
          throw new Error(`rows for ${change.table} differ in columns`);
        return `(${columns
          .map((column) => {
            const param = row[column];
            if (param === undefined) throw new Error(`${change.table}: a row without ${column}`);
            return value(param, column);
          })
          .join(', ')})`;
      });
      return `INSERT INTO ${table} (${columns.map(escapeIdentifier).join(', ')}) VALUES ${tuples.join(', ')}`;
    }
    case 'u': {
      const set = Object.entries(change.set)
        .map(([column, param]) => `${escapeIdentifier(column)} = ${value(param, column)}`)
        .join(', ');
      return `UPDATE ${table} SET ${set} WHERE ${where(change.where)}`;
    }
    case 'd':
      return `DELETE FROM ${table} WHERE ${where(change.where)}`;
  }
}
