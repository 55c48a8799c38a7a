import { randomUUID } from 'node:crypto';
import { joinLocation, type WarehouseStorage } from '@lakestream/storage';
import { IcebergError } from './errors';
import { type NewTable, newTableMetadata, type TableMetadata } from './metadata';
import { parseTableMetadata, serializeTableMetadata } from './metadata-json';

// The file catalog: a table is its folder, its versions are metadata/v<N>.metadata.json, and
// metadata/version-hint.text names the newest (spec "File System Tables"; the layout the reference
// implementation's HadoopCatalog and pyiceberg's static tables read). The hint is only a hint: it is
// written after a commit and may be stale or missing, so loads walk forward from it.

export interface LoadedTable {
  location: string;
  version: number;
  metadataLocation: string;
  metadata: TableMetadata;
}

export const metadataLocation = (table: string, version: number) =>
  joinLocation(table, 'metadata', `v${version}.metadata.json`);
const hintLocation = (table: string) => joinLocation(table, 'metadata', 'version-hint.text');

async function newestListedVersion(storage: WarehouseStorage, table: string): Promise<number> {
  let newest = 0;
  for (const location of await storage.list(`${joinLocation(table, 'metadata')}/`)) {
    const match = /\/v(\d+)\.metadata\.json$/.exec(location);
    if (match) newest = Math.max(newest, Number(match[1]));
  }
  return newest;
}

export async function loadTable(storage: WarehouseStorage, table: string): Promise<LoadedTable | undefined> {
  const hint = await storage.read(hintLocation(table));
  const hinted = hint ? Number.parseInt(new TextDecoder().decode(hint).trim(), 10) : Number.NaN;
  let version =
    Number.isSafeInteger(hinted) && hinted > 0 ? hinted : await newestListedVersion(storage, table);
  while (await storage.exists(metadataLocation(table, version + 1))) version += 1;
  if (version === 0) return undefined;
  const location = metadataLocation(table, version);
  const bytes = await storage.read(location);
  if (!bytes)
    throw new IcebergError(
      'ICEBERG_NOT_FOUND',
      `${location} is named by the table's version hint or listing but cannot be read`,
    );
  return {
    location: table,
    version,
    metadataLocation: location,
    metadata: parseTableMetadata(bytes, location),
  };
}

/** Loads the table, creating it (version 1, no snapshot) when absent; a concurrent creator's table wins. */
export async function loadOrCreateTable(
  storage: WarehouseStorage,
  table: Omit<NewTable, 'uuid'>,
): Promise<LoadedTable> {
  const existing = await loadTable(storage, table.location);
  if (existing) return existing;
  const metadata = newTableMetadata({ ...table, uuid: randomUUID() });
  if (await storage.createExclusive(metadataLocation(table.location, 1), serializeTableMetadata(metadata))) {
    await writeHint(storage, table.location, 1);
    return {
      location: table.location,
      version: 1,
      metadataLocation: metadataLocation(table.location, 1),
      metadata,
    };
  }
  const created = await loadTable(storage, table.location);
  if (!created)
    throw new IcebergError(
      'ICEBERG_NOT_FOUND',
      `${table.location}: lost the race to create it, yet no table is there`,
    );
  return created;
}

async function writeHint(storage: WarehouseStorage, table: string, version: number) {
  // Best effort by design: a stale hint only costs readers an extra existence check.
  await storage.write(hintLocation(table), new TextEncoder().encode(String(version))).catch(() => undefined);
}

export interface CommitOptions {
  maxAttempts?: number;
  onConflict?: (attempt: number) => void;
}

/**
 * Optimistic commit: `build` derives the next metadata from a base; the next version's file is created
 * only if absent. A writer that loses the race reloads and builds again on the winner's metadata, so
 * `build` must re-check whatever it relies on (it may throw to give up).
 */
export async function commitTable(
  storage: WarehouseStorage,
  base: LoadedTable,
  build: (base: LoadedTable) => Promise<TableMetadata>,
  options: CommitOptions = {},
): Promise<LoadedTable> {
  const maxAttempts = options.maxAttempts ?? 100;
  let current = base;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const metadata = await build(current);
    const version = current.version + 1;
    const location = metadataLocation(current.location, version);
    if (await storage.createExclusive(location, serializeTableMetadata(metadata))) {
      await writeHint(storage, current.location, version);
      return { location: current.location, version, metadataLocation: location, metadata };
    }
    options.onConflict?.(attempt);
    const reloaded = await loadTable(storage, current.location);
    if (!reloaded)
      throw new IcebergError('ICEBERG_NOT_FOUND', `${current.location} disappeared during a commit`);
    current = reloaded;
  }
  // Still retryable: a later attempt, after a backoff, may find fewer writers.
  throw new IcebergError(
    'ICEBERG_COMMIT_CONFLICT',
    `${base.location}: gave up after ${maxAttempts} conflicting commits`,
  );
}
