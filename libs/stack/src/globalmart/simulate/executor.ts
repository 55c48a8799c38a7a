import type { Pool, ResultSetHeader } from 'mysql2/promise';
import { type Change, isRowRef, type RowRef, rowsChanged, type SimEvent } from './changes';
import { type RenderedStatement, renderEvent } from './render';

/** InnoDB rolled the transaction (or the statement) back; the whole event can run again. */
const retryableErrors = new Set([
  1213, // ER_LOCK_DEADLOCK
  1205, // ER_LOCK_WAIT_TIMEOUT
]);

export const maxAttempts = 5;

export type Outcome = { ok: true; retries: number } | { ok: false; retries: number; error: string };

/**
 * Ids of the rows this run created, by ref, filled as their events commit. Refs count up from 1, so
 * a flat array of doubles holds them: 8 bytes a row, where a Map would take several times that over
 * an hour at thousands of changes a second.
 */
export class CreatedIds {
  private ids = new Float64Array(1024);

  get(ref: number): number | undefined {
    const id = this.ids[ref];
    return id ? id : undefined;
  }

  set(ref: number, id: number): void {
    if (ref >= this.ids.length) {
      const grown = new Float64Array(Math.max(ref + 1, this.ids.length * 2));
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[ref] = id;
  }
}

/**
 * Runs one event as one transaction on a pooled connection: the statements in one round trip, each
 * checked to have changed exactly the rows the model expects (an update that found its row already
 * in the target state would be a no-op the binlog never shows), then COMMIT, or ROLLBACK if not.
 * Deadlocks and lock-wait timeouts are retried; anything else fails the event and is reported.
 */
export async function runEvent(pool: Pool, event: SimEvent, ids: CreatedIds): Promise<Outcome> {
  let statements: RenderedStatement[];
  try {
    statements = renderEvent(event, (ref: RowRef) => ids.get(ref.ref));
  } catch (error) {
    return { ok: false, retries: 0, error: message(error) };
  }
  const sql = ['START TRANSACTION', ...statements.map((s) => s.sql)].join(';\n');
  const connection = await pool.getConnection();
  let healthy = true;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const [results] = await connection.query<ResultSetHeader[]>(sql);
        const mismatch = checkResults(statements, results.slice(1));
        if (mismatch) {
          await connection.query('ROLLBACK');
          return { ok: false, retries: attempt, error: mismatch };
        }
        await connection.query('COMMIT');
        recordIds(statements, results.slice(1), ids);
        return { ok: true, retries: attempt };
      } catch (error) {
        const code = (error as { errno?: number }).errno;
        if ((error as { fatal?: boolean }).fatal) healthy = false;
        else await connection.query('ROLLBACK').catch(() => undefined);
        if (!healthy || code === undefined || !retryableErrors.has(code) || attempt + 1 >= maxAttempts) {
          return { ok: false, retries: attempt, error: message(error) };
        }
        // Let the transaction that won the lock finish first.
        await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 5));
      }
    }
  } finally {
    if (healthy) connection.release();
    else connection.destroy();
  }
}

function checkResults(
  statements: readonly RenderedStatement[],
  results: readonly ResultSetHeader[],
): string | undefined {
  for (const [i, statement] of statements.entries()) {
    const change = statement.change;
    const result = results[i];
    if (!change) continue;
    if (!result) return `${change.table}: no result for statement ${i + 1}`;
    const expected = rowsChanged(change);
    const changed = change.op === 'u' ? result.changedRows : result.affectedRows;
    if (result.affectedRows !== expected || changed !== expected) {
      return `${change.table} ${change.op}: expected ${expected} row(s) changed, matched ${result.affectedRows} and changed ${changed} (${describe(change)})`;
    }
  }
  return undefined;
}

function recordIds(
  statements: readonly RenderedStatement[],
  results: readonly ResultSetHeader[],
  ids: CreatedIds,
) {
  for (const [i, statement] of statements.entries()) {
    const change = statement.change;
    if (change?.op !== 'c' || !change.creates) continue;
    // Ids stay far below 2^53 in practice; one that does not would leave its dependants unresolved.
    const id = Number(results[i]?.insertId);
    if (Number.isSafeInteger(id) && id > 0) ids.set(change.creates.ref, id);
  }
}

function describe(change: Change): string {
  if (change.op === 'c') return `${change.rows.length} new`;
  return Object.entries(change.where)
    .map(([column, value]) => `${column}=${isRowRef(value) ? `#${value.ref}` : String(value)}`)
    .join(', ');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
