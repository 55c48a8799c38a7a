import { randomUUID } from 'node:crypto';
import {
  bindSpec,
  type ContentFile,
  contentFileOf,
  type DataFileEncoder,
  FileContent,
  type IcebergSchema,
  type PartitionSpec,
  partitionPath,
} from '@lakestream/iceberg';
import { joinLocation, type WarehouseStorage } from '@lakestream/storage';
import { LakeError } from '../errors';
import type { RewriteGroup } from './plan';

// One output data file from a group's input files: every live row (those no position delete names)
// in input order, each column by field id into the table's current schema (a column an older file
// lacks reads as null, spec "Column Projection"). It remembers where each input row went, so
// position deletes committed against the inputs while the compaction ran can be moved onto it.

/** Reserved field ids of a position-delete file (spec "Position Delete Files"). */
export const DELETE_FILE_PATH_ID = 2147483546;
export const DELETE_POS_ID = 2147483545;

export const POSITION_DELETE_SCHEMA: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: DELETE_FILE_PATH_ID, name: 'file_path', required: true, type: 'string' },
    { id: DELETE_POS_ID, name: 'pos', required: true, type: 'long' },
  ],
};

export type ColumnReader = (
  bytes: Uint8Array,
  fieldIds: number[],
) => Promise<Map<number, unknown[]>> | Map<number, unknown[]>;

export interface RewriteDeps {
  storage: WarehouseStorage;
  encode: DataFileEncoder;
  readColumns: ColumnReader;
}

export async function mustRead(storage: WarehouseStorage, location: string): Promise<Uint8Array> {
  const bytes = await storage.read(location);
  if (!bytes) throw new LakeError('LAKE_NOT_FOUND', `${location} is listed by the table but missing`);
  return bytes;
}

/** A position-delete file's rows, by the data file they name. */
export async function readPositionDeletes(
  deps: RewriteDeps,
  location: string,
): Promise<Map<string, number[]>> {
  const columns = await deps.readColumns(await mustRead(deps.storage, location), [
    DELETE_FILE_PATH_ID,
    DELETE_POS_ID,
  ]);
  const paths = columns.get(DELETE_FILE_PATH_ID) ?? [];
  const positions = columns.get(DELETE_POS_ID) ?? [];
  const byFile = new Map<string, number[]>();
  paths.forEach((path, i) => {
    const list = byFile.get(path as string) ?? [];
    list.push(Number(positions[i] as bigint));
    byFile.set(path as string, list);
  });
  return byFile;
}

export interface RewrittenFile {
  file: ContentFile;
  /** Per input path: the output position of each input row, -1 for a row that was deleted. */
  positions: Map<string, Int32Array>;
  rowsIn: number;
  rowsOut: number;
}

export async function rewriteGroup(
  deps: RewriteDeps,
  table: { location: string; schema: IcebergSchema; spec: PartitionSpec },
  group: RewriteGroup,
  deleteCache: Map<string, Map<string, number[]>>,
  now: number,
): Promise<RewrittenFile> {
  const fields = table.schema.fields;
  const out: Record<string, unknown[]> = Object.fromEntries(fields.map((f) => [f.name, [] as unknown[]]));
  const positions = new Map<string, Int32Array>();
  let rowsIn = 0;
  let rowsOut = 0;
  for (const input of group.inputs) {
    const deleted = new Set<number>();
    for (const d of input.deletes) {
      let rows = deleteCache.get(d.file.path);
      if (!rows) {
        rows = await readPositionDeletes(deps, d.file.path);
        deleteCache.set(d.file.path, rows);
      }
      for (const pos of rows.get(input.data.file.path) ?? []) deleted.add(pos);
    }
    const columns = await deps.readColumns(
      await mustRead(deps.storage, input.data.file.path),
      fields.map((f) => f.id),
    );
    const count = input.data.file.recordCount;
    const map = new Int32Array(count).fill(-1);
    for (let row = 0; row < count; row += 1) {
      if (deleted.has(row)) continue;
      map[row] = rowsOut;
      for (const field of fields) (out[field.name] as unknown[]).push(columns.get(field.id)?.[row] ?? null);
      rowsOut += 1;
    }
    rowsIn += count;
    positions.set(input.data.file.path, map);
  }
  const partition = group.inputs[0]?.data.file.partition ?? [];
  const path = joinLocation(
    table.location,
    'data',
    partitionPath(bindSpec(table.spec, table.schema), partition),
    `${now}-${randomUUID()}-compacted.parquet`,
  );
  const encoded = await deps.encode(table.schema, { rowCount: rowsOut, columns: out });
  await deps.storage.write(path, encoded.bytes);
  return {
    file: contentFileOf(FileContent.Data, path, [...partition], encoded, table.schema),
    positions,
    rowsIn,
    rowsOut,
  };
}

/** A position-delete file naming rows of one data file (spec: referenced_data_file, exact bounds). */
export async function writePositionDeletes(
  deps: RewriteDeps,
  table: { location: string; schema: IcebergSchema; spec: PartitionSpec },
  target: ContentFile,
  positions: readonly number[],
  now: number,
): Promise<ContentFile> {
  const sorted = [...new Set(positions)].sort((a, b) => a - b);
  const path = joinLocation(
    table.location,
    'data',
    partitionPath(bindSpec(table.spec, table.schema), target.partition),
    `${now}-${randomUUID()}-deletes.parquet`,
  );
  const encoded = await deps.encode(
    POSITION_DELETE_SCHEMA,
    sorted.map((pos) => ({ file_path: target.path, pos: BigInt(pos) })),
  );
  await deps.storage.write(path, encoded.bytes);
  return {
    ...contentFileOf(
      FileContent.PositionDeletes,
      path,
      [...target.partition],
      encoded,
      POSITION_DELETE_SCHEMA,
    ),
    referencedDataFile: target.path,
  };
}
