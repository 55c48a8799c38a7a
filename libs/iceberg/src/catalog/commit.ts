import { IcebergError } from '../errors';
import type { Catalog, CreateTableRequest, LoadedTable, TableCommit, TableIdentifier } from './catalog';

export interface CommitRetryOptions {
  /** Builds on a moved base at most this many times before giving up (still ICEBERG_COMMIT_CONFLICT). */
  maxAttempts?: number;
  /** Called after each conflict, before the table is reloaded. */
  onConflict?: (attempt: number) => void;
}

const isConflict = (error: unknown) =>
  error instanceof IcebergError && error.code === 'ICEBERG_COMMIT_CONFLICT';

/**
 * Optimistic commit (spec "Commit Conflict Resolution and Retry"): `build` derives the requirements and
 * updates from a base; on a conflict the table is reloaded and `build` runs again on the newer base, so
 * it must re-check whatever it relies on (and may throw to give up).
 */
export async function commitWithRetries(
  catalog: Catalog,
  base: LoadedTable,
  build: (base: LoadedTable) => Promise<TableCommit>,
  options: CommitRetryOptions = {},
): Promise<LoadedTable> {
  const maxAttempts = options.maxAttempts ?? 100;
  let table = base;
  for (let attempt = 1; ; attempt += 1) {
    const { requirements, updates } = await build(table);
    try {
      return await catalog.commitTable(table.identifier, requirements, updates);
    } catch (error) {
      if (!isConflict(error) || attempt >= maxAttempts) throw error;
      options.onConflict?.(attempt);
      const reloaded = await catalog.loadTable(table.identifier);
      if (!reloaded)
        throw new IcebergError('ICEBERG_NOT_FOUND', `${table.location} disappeared during a commit`, {
          cause: error,
        });
      table = reloaded;
    }
  }
}

/** The table, created (format v2, no snapshot) when absent; a concurrent creator's table wins. */
export async function loadOrCreateTable(
  catalog: Catalog,
  identifier: TableIdentifier,
  request: CreateTableRequest,
): Promise<LoadedTable> {
  const existing = await catalog.loadTable(identifier);
  if (existing) return existing;
  try {
    return await catalog.createTable(identifier, request);
  } catch (error) {
    if (!(error instanceof IcebergError && error.code === 'ICEBERG_TABLE_EXISTS')) throw error;
    const created = await catalog.loadTable(identifier);
    if (!created)
      throw new IcebergError('ICEBERG_NOT_FOUND', `lost the race to create a table that is not there`);
    return created;
  }
}
