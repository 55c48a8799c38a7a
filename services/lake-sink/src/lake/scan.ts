import {
  type ContentFile,
  currentSchema,
  type LoadedTable,
  type PartitionValue,
  type PlannedFile,
  planFiles,
} from '@lakestream/iceberg';
import type { WarehouseStorage } from '@lakestream/storage';
import { sourceChangeId } from './emission';
import { type HeldEmission, LiveRows } from './live-rows';

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
 * positions its delete files name, and for rows a re-emission may replace, their ordinal and
 * revision. Needs nothing but the warehouse, so it survives a lost disk or a partition moving to
 * another instance.
 */
export async function rebuildLiveRows(
  storage: WarehouseStorage,
  table: LoadedTable,
  read: ColumnReader,
): Promise<LiveRows> {
  const rows = new LiveRows();
  await visitLiveRows(
    storage,
    table,
    read,
    () => true,
    // Every file's keys; the emission columns only of a file that may hold a partial row.
    (file, status) => (status !== undefined && mayHoldPartial(file, status) ? WITH_EMISSIONS : KEY_ONLY),
    (file, pos, columns) => {
      const key = columns._key?.[pos] as string;
      rows.set(key, file.path, file.partition, pos);
      const emission = reemittable(columns, pos);
      if (emission) rows.setEmission(key, emission);
    },
  );
  return rows;
}

/** A history row a re-emission may still replace, and where it is. */
export interface ReemittableRow {
  path: string;
  partition: readonly PartitionValue[];
  pos: number;
  revision: number;
  /** When the sink wrote it (ms): rows older than the sink's window are forgotten. */
  writtenAt: number;
}

/**
 * The history rows a re-emission may still replace (partial ones), by source change
 * (lake/emission.ts sourceChangeId), among the files added by snapshots since `since` (ms): a
 * re-emission comes within the enricher's window, so older files need no reading.
 */
export async function rebuildReemittableRows(
  storage: WarehouseStorage,
  table: LoadedTable,
  read: ColumnReader,
  since: number,
): Promise<Map<string, ReemittableRow>> {
  const rows = new Map<string, ReemittableRow>();
  const recent = new Set(
    (table.metadata.snapshots ?? []).filter((s) => s['timestamp-ms'] >= since).map((s) => s['snapshot-id']),
  );
  const status = currentSchema(table.metadata).fields.find((f) => f.name === '_enrichment_status')?.id;
  if (recent.size === 0 || status === undefined) return rows;
  await visitLiveRows(
    storage,
    table,
    read,
    // Of the window's files, only those whose statistics allow a partial row are read.
    (planned) => recent.has(planned.snapshotId) && mayHoldPartial(planned.file, status),
    () => WITH_EMISSIONS,
    (file, pos, columns) => {
      const emission = reemittable(columns, pos);
      if (!emission) return;
      rows.set(sourceChangeId(columns._key?.[pos] as string, emission.ordinal), {
        path: file.path,
        partition: file.partition,
        pos,
        revision: emission.revision,
        writtenAt: Number((columns._lake_committed_at?.[pos] as bigint) / 1000n),
      });
    },
  );
  return rows;
}

type Columns = Record<string, unknown[] | undefined>;

/** The ordinal and revision of a row written by a partial emission; undefined for any other row. */
function reemittable(columns: Columns, pos: number): HeldEmission | undefined {
  if (columns._enrichment_status?.[pos] !== 'partial') return undefined;
  return {
    ordinal: String(columns._source_ordinal?.[pos]),
    revision: Number(columns._enrichment_revision?.[pos] ?? 0),
  };
}

/**
 * Whether a data file may hold a partial row, from its `_enrichment_status` upper bound: 'complete'
 * sorts before 'partial', so a file of complete rows has 'complete' there. No bound: it may.
 */
function mayHoldPartial(file: ContentFile, statusId: number): boolean {
  if (file.valueCounts.has(statusId) && file.nullValueCounts.get(statusId) === file.valueCounts.get(statusId))
    return false; // every value null: written from a changes topic
  const upper = file.upperBounds.get(statusId);
  return upper === undefined || Buffer.from(upper).toString('utf8') >= 'partial';
}

// Only a table fed by enriched records has rows a re-emission may replace: others need only `_key`.
const KEY_ONLY = ['_key'];
const WITH_EMISSIONS = [
  '_key',
  '_source_ordinal',
  '_lake_committed_at',
  '_enrichment_status',
  '_enrichment_revision',
];

/** Every live row (not position-deleted) of the chosen data files, with the sink's columns above. */
async function visitLiveRows(
  storage: WarehouseStorage,
  table: LoadedTable,
  read: ColumnReader,
  chosen: (file: PlannedFile) => boolean,
  columnsOf: (file: ContentFile, statusId: number | undefined) => readonly string[],
  visit: (file: ContentFile, pos: number, columns: Columns) => void,
): Promise<void> {
  const all = currentSchema(table.metadata).fields;
  const status = all.find((f) => f.name === '_enrichment_status')?.id;
  if (!all.some((f) => f.name === '_key')) return;
  // The current snapshot's live files (spec "Scan Planning", without filters).
  const plan = await planFiles(storage, table.metadata);
  const data = plan?.dataFiles.filter(chosen).map((p) => p.file) ?? [];
  if (data.length === 0) return;
  const wanted = new Set(data.map((f) => f.path));
  const deleted = new Map<string, Set<number>>();
  for (const file of plan?.deleteFiles.map((p) => p.file) ?? []) {
    const columns = await read(await mustRead(storage, file.path), [DELETE_FILE_PATH_ID, DELETE_POS_ID]);
    const paths = columns.get(DELETE_FILE_PATH_ID) ?? [];
    const positions = columns.get(DELETE_POS_ID) ?? [];
    paths.forEach((path, i) => {
      if (!wanted.has(path as string)) return;
      const set = deleted.get(path as string) ?? new Set<number>();
      set.add(Number(positions[i]));
      deleted.set(path as string, set);
    });
  }
  for (const file of data) {
    const names = columnsOf(file, status);
    const fields = all.filter((f) => names.includes(f.name));
    const columns = await read(
      await mustRead(storage, file.path),
      fields.map((f) => f.id),
    );
    const byName: Columns = Object.fromEntries(fields.map((f) => [f.name, columns.get(f.id)]));
    const gone = deleted.get(file.path);
    const count = byName._key?.length ?? 0;
    for (let pos = 0; pos < count; pos += 1) if (!gone?.has(pos)) visit(file, pos, byName);
  }
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
