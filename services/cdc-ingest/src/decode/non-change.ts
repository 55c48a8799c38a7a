import type { Obj } from './read';
import type { Ignored } from './types';

/**
 * Debezium values that are not row changes, recognised by shape in case their topic was renamed
 * (Debezium MariaDB connector, "Schema change topic", "Transaction metadata", heartbeat messages):
 * - schema change: `{ source, ts_ms, databaseName, schemaName, ddl, tableChanges }`
 * - transaction boundary: `{ status: BEGIN | END, id, ts_ms, event_count, data_collections }`
 * - heartbeat: `{ ts_ms }` only.
 */
export function nonChange(payload: Obj): Ignored | null {
  if (payload.op !== undefined) return null;
  if ('ddl' in payload || 'tableChanges' in payload) {
    const ddl = typeof payload.ddl === 'string' ? payload.ddl.slice(0, 120) : '(no ddl)';
    return { kind: 'ignored', reason: 'schema-change', detail: `schema change: ${ddl}` };
  }
  if ((payload.status === 'BEGIN' || payload.status === 'END') && 'id' in payload) {
    return {
      kind: 'ignored',
      reason: 'transaction-metadata',
      detail: `transaction ${String(payload.status)}`,
    };
  }
  const keys = Object.keys(payload);
  if (keys.length === 1 && keys[0] === 'ts_ms')
    return { kind: 'ignored', reason: 'heartbeat', detail: 'heartbeat' };
  return null;
}
