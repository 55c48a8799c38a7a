import { randomUUID } from 'node:crypto';
import { joinLocation, type WarehouseStorage } from '@lakestream/storage';
import { IcebergError } from '../errors';
import { newTableMetadata, type TableMetadata } from '../metadata';
import { parseTableMetadata, serializeTableMetadata } from '../metadata-json';
import {
  type Catalog,
  type CreateTableRequest,
  identifierText,
  type LoadedTable,
  type TableIdentifier,
  type TableRequirement,
  type TableUpdate,
} from './catalog';
import { checkRequirements, failedRequirement } from './requirements';
import { applyUpdates, withMetadataLog } from './updates';

// The file catalog: a table is its folder, its versions are metadata/v<N>.metadata.json, and
// metadata/version-hint.text names the newest (spec "File System Tables"; the layout the reference
// implementation's HadoopCatalog and pyiceberg's static tables read). The hint is only a hint: it is
// written after a commit and may be stale or missing, so loads walk forward from it. A commit is the
// exclusive create of v<N+1> (S3 If-None-Match: *, link(2) on a local disk): whoever creates it first
// wins, and the loser checks the requirements again on the winner's metadata.

export const metadataLocation = (table: string, version: number) =>
  joinLocation(table, 'metadata', `v${version}.metadata.json`);
const hintLocation = (table: string) => joinLocation(table, 'metadata', 'version-hint.text');

/** N of a file catalog's `…/v<N>.metadata.json`. */
function versionOf(location: string): number {
  const match = /\/v(\d+)\.metadata\.json$/.exec(location);
  if (!match)
    throw new IcebergError('ICEBERG_BAD_METADATA', `${location} is not a file catalog's metadata file`);
  return Number(match[1]);
}

async function newestListedVersion(storage: WarehouseStorage, table: string): Promise<number> {
  let newest = 0;
  for (const location of await storage.list(`${joinLocation(table, 'metadata')}/`)) {
    const match = /\/v(\d+)\.metadata\.json$/.exec(location);
    if (match) newest = Math.max(newest, Number(match[1]));
  }
  return newest;
}

/**
 * The newest version of the table in this folder, as the reference implementation's HadoopTables reads
 * one: for tests, tools and tables the catalog does not name (undefined when there is none).
 */
export async function readFileTable(
  storage: WarehouseStorage,
  table: string,
  identifier: TableIdentifier = { namespace: [], name: table },
): Promise<LoadedTable | undefined> {
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
    identifier,
    location: table,
    metadataLocation: location,
    metadata: parseTableMetadata(bytes, location),
  };
}

async function writeHint(storage: WarehouseStorage, table: string, version: number) {
  // Best effort by design: a stale hint only costs readers an extra existence check.
  await storage.write(hintLocation(table), new TextEncoder().encode(String(version))).catch(() => undefined);
}

export interface FileCatalogOptions {
  /** How many lost races one commitTable call takes before ICEBERG_COMMIT_CONFLICT. */
  maxAttempts?: number;
  now?: () => number;
}

export interface FileCatalog extends Catalog {
  /** `<warehouse>/<namespace…>/<name>`: where the identifier's table lives. */
  tableLocation(identifier: TableIdentifier): string;
}

export function fileCatalog(storage: WarehouseStorage, options: FileCatalogOptions = {}): FileCatalog {
  const maxAttempts = options.maxAttempts ?? 10;
  const now = options.now ?? Date.now;
  const tableLocation = (identifier: TableIdentifier) =>
    joinLocation(storage.root, ...identifier.namespace, identifier.name);
  // The newest version each table was seen at. Creating v<N+1> proves v<N> is still the newest, so a
  // commit need not read the table again first: only a lost race does.
  const newest = new Map<string, LoadedTable>();
  const seen = (table: LoadedTable | undefined) => {
    if (table) newest.set(identifierText(table.identifier), table);
    return table;
  };
  const load = async (identifier: TableIdentifier) =>
    seen(await readFileTable(storage, tableLocation(identifier), identifier));

  return {
    tableLocation,

    loadTable: load,

    async listTables(): Promise<TableIdentifier[]> {
      // <warehouse>/<namespace>/<table>/metadata/v<N>.metadata.json: two folder levels, then a check.
      const name = (location: string) => location.slice(location.lastIndexOf('/') + 1);
      const found: TableIdentifier[] = [];
      for (const namespace of await storage.list(`${storage.root}/`)) {
        for (const table of await storage.list(`${namespace}/`)) {
          const metadata = await storage.list(`${joinLocation(table, 'metadata')}/`);
          if (metadata.some((m) => /\/v\d+\.metadata\.json$/.test(m)))
            found.push({ namespace: [name(namespace)], name: name(table) });
        }
      }
      return found.sort((a, b) => identifierText(a).localeCompare(identifierText(b)));
    },

    async createTable(identifier: TableIdentifier, request: CreateTableRequest): Promise<LoadedTable> {
      const location = request.location ?? tableLocation(identifier);
      const metadata = newTableMetadata({
        uuid: randomUUID(),
        location,
        schema: request.schema,
        spec: request.spec ?? { 'spec-id': 0, fields: [] },
        properties: request.properties ?? {},
        now: now(),
      });
      const first = metadataLocation(tableLocation(identifier), 1);
      if (!(await storage.createExclusive(first, serializeTableMetadata(metadata))))
        throw new IcebergError('ICEBERG_TABLE_EXISTS', `${identifierText(identifier)} already exists`);
      await writeHint(storage, tableLocation(identifier), 1);
      return seen({ identifier, location, metadataLocation: first, metadata }) as LoadedTable;
    },

    async commitTable(
      identifier: TableIdentifier,
      requirements: readonly TableRequirement[],
      updates: readonly TableUpdate[],
    ): Promise<LoadedTable> {
      const name = identifierText(identifier);
      const folder = tableLocation(identifier);
      let base = newest.get(name);
      let fresh = false;
      if (!base) {
        base = await load(identifier);
        fresh = true;
      }
      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        if (!fresh && failedRequirement(base?.metadata, requirements)) {
          // Judged on the newest metadata only: the one remembered may be behind another process's commit.
          base = await load(identifier);
          fresh = true;
        }
        checkRequirements(name, base?.metadata, requirements);
        if (!base) throw new IcebergError('ICEBERG_NOT_FOUND', `${name} does not exist`);
        const metadata: TableMetadata = withMetadataLog(
          applyUpdates(base.metadata, updates, now()),
          base.metadata,
          base.metadataLocation,
        );
        const version = versionOf(base.metadataLocation) + 1;
        const location = metadataLocation(folder, version);
        if (await storage.createExclusive(location, serializeTableMetadata(metadata))) {
          await writeHint(storage, folder, version);
          return seen({
            identifier,
            location: base.location,
            metadataLocation: location,
            metadata,
          }) as LoadedTable;
        }
        // Another writer created v<N+1> first: its metadata is the new base.
        base = await load(identifier);
        fresh = true;
      }
      // Still retryable: a later attempt, after a backoff, may find fewer writers.
      throw new IcebergError(
        'ICEBERG_COMMIT_CONFLICT',
        `${name}: gave up after ${maxAttempts} lost commit races`,
      );
    },
  };
}
