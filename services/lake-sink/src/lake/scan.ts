import { currentSchema, type LoadedTable, planFiles } from '@lakestream/iceberg';
import type { WarehouseStorage } from '@lakestream/storage';
import { LiveRows } from './live-rows';

/** Reads the columns (by field id) of a Parquet file; values in row order. */
export type ColumnReader = (
  bytes: Uint8Array,
  fieldIds: number[],
) => Promise<Map<number, unknown[]>> | Map<number, unknown[]>;

/** Reserved field ids of a position-delete file's columns (spec "Position Delete Files"). */
export const DELETE_FILE_PATH_ID = 2147483546;
export const DELETE_POS_ID = 2147483545;

/**
 * The live-row index rebuilt from the table itself: every data file's `_key` column, minus the
 * positions its delete files name. Needs nothing but the warehouse, so it survives a lost disk or a
 * partition moving to another instance.
 */
export async function rebuildLiveRows(
  storage: WarehouseStorage,
  table: LoadedTable,
  read: ColumnReader,
): Promise<LiveRows> {
  const rows = new LiveRows();
  const keyField = currentSchema(table.metadata).fields.find((f) => f.name === '_key');
  if (!keyField) return rows;
  // The current snapshot's live files (spec "Scan Planning", without filters).
  const plan = await planFiles(storage, table.metadata);
  const data = plan?.dataFiles.map((p) => p.file) ?? [];
  const deletes = plan?.deleteFiles.map((p) => p.file) ?? [];
  const deleted = new Map<string, Set<number>>();
  for (const file of deletes) {
    const columns = await read(await mustRead(storage, file.path), [DELETE_FILE_PATH_ID, DELETE_POS_ID]);
    const paths = columns.get(DELETE_FILE_PATH_ID) ?? [];
    const positions = columns.get(DELETE_POS_ID) ?? [];
    paths.forEach((path, i) => {
      const set = deleted.get(path as string) ?? new Set<number>();
      set.add(Number(positions[i]));
      deleted.set(path as string, set);
    });
  }
  for (const file of data) {
    const keys = (await read(await mustRead(storage, file.path), [keyField.id])).get(keyField.id) ?? [];
    const gone = deleted.get(file.path);
    keys.forEach((key, pos) => {
      if (!gone?.has(pos)) rows.set(key as string, file.path, file.partition, pos);
    });
  }
  return rows;
}

/**
 * The live keys whose row (the one the index points at) passes `select`, given the key and its
 * `_source_ordinal`: a truncate asks which of its partition's keys are older than it. Reads two columns
 * of every live data file; truncates are rare, and the index knows no ordinals.
 */
export async function liveKeysWhere(
  storage: WarehouseStorage,
  table: LoadedTable,
  read: ColumnReader,
  live: LiveRows,
  select: (key: string, ordinal: string) => boolean,
): Promise<string[]> {
  const fields = currentSchema(table.metadata).fields;
  const keyField = fields.find((f) => f.name === '_key');
  const ordinalField = fields.find((f) => f.name === '_source_ordinal');
  if (!keyField || !ordinalField) return [];
  const selected: string[] = [];
  const plan = await planFiles(storage, table.metadata);
  for (const file of plan?.dataFiles.map((p) => p.file) ?? []) {
    const columns = await read(await mustRead(storage, file.path), [keyField.id, ordinalField.id]);
    const ordinals = columns.get(ordinalField.id) ?? [];
    (columns.get(keyField.id) ?? []).forEach((key, pos) => {
      const at = live.get(key as string);
      if (at && at.path === file.path && at.pos === pos && select(key as string, String(ordinals[pos]))) {
        selected.push(key as string);
      }
    });
  }
  return selected;
}

async function mustRead(storage: WarehouseStorage, path: string) {
  const bytes = await storage.read(path);
  if (!bytes) throw new Error(`${path} is listed by the table but missing`);
  return bytes;
}
