import { ParquetError } from '../errors';
import type { DataFileEncoder, EncodedDataFile, IcebergSchema, LakeColumns, LakeRow } from '../types';
import { type FieldPlan, fieldPlans } from './fields';
import { loadWriter } from './hyparquet';
import { type ChunkStatistics, columnMetricsFromChunks } from './metrics';

/**
 * Rows per row group. A row group is what a reader plans a split from and prunes by statistics;
 * Iceberg's default target (write.parquet.row-group-size-bytes) is 128 MB, roughly a million of
 * the sink's ~100-byte rows. A data file the sink writes per commit is usually one row group.
 */
export const ROW_GROUP_ROWS = 1_000_000;

/** hyparquet-writer's built-in codec; Node 20 has no zstd in zlib (docs/decisions/0004). */
const CODEC = 'SNAPPY';

function columnValues(plan: FieldPlan, rows: readonly LakeRow[] | LakeColumns): unknown[] {
  const { name, required } = plan.field;
  const count = rowCount(rows);
  const given = Array.isArray(rows) ? undefined : (rows as LakeColumns).columns[name];
  const values = new Array<unknown>(count);
  for (let i = 0; i < count; i += 1) {
    const value = Array.isArray(rows) ? (rows as readonly LakeRow[])[i]?.[name] : given?.[i];
    if (value === null || value === undefined) {
      if (required)
        throw new ParquetError('PARQUET_BAD_VALUE', `${name} is required but row ${i} has no value`);
      values[i] = null;
    } else {
      values[i] = plan.toColumn(value);
    }
  }
  return values;
}

const rowCount = (rows: readonly LakeRow[] | LakeColumns) =>
  Array.isArray(rows) ? rows.length : (rows as LakeColumns).rowCount;

export interface EncoderOptions {
  /** Rows per row group; ROW_GROUP_ROWS unless a test wants several groups from few rows. */
  rowGroupRows?: number;
}

/**
 * Rows → one Parquet data file as the Iceberg spec's "Appendix A" asks for (field ids, physical and
 * logical types, REQUIRED/OPTIONAL), with the per-field metrics its manifest entry needs.
 */
export function dataFileEncoder({ rowGroupRows = ROW_GROUP_ROWS }: EncoderOptions = {}): DataFileEncoder {
  return (schema, rows) => encode(schema, rows, rowGroupRows);
}

async function encode(schema: IcebergSchema, rows: readonly LakeRow[] | LakeColumns, rowGroupRows: number) {
  const plans = fieldPlans(schema);
  const columns = plans.map((plan) => columnValues(plan, rows));
  const { ByteWriter, ParquetWriter } = await loadWriter();
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema: [{ name: 'table', num_children: plans.length }, ...plans.map((plan) => plan.element)],
    codec: CODEC,
    statistics: true,
  });
  await parquet.write({
    columnData: plans.map((plan, i) => ({ name: plan.field.name, data: columns[i] ?? [] })),
    rowGroupSize: rowGroupRows,
  });
  await parquet.finish();
  const bytes = new Uint8Array(writer.getBuffer());

  // Spec "Manifests", data_file.column_sizes: the column's compressed bytes in every row group.
  const columnSizes = plans.map(() => 0);
  const chunkStatistics = plans.map((): (ChunkStatistics | undefined)[] => []);
  for (const rowGroup of parquet.row_groups) {
    rowGroup.columns.forEach((chunk, i) => {
      columnSizes[i] = (columnSizes[i] ?? 0) + Number(chunk.meta_data?.total_compressed_size ?? 0n);
      chunkStatistics[i]?.push(chunk.meta_data?.statistics);
    });
  }
  const metrics = new Map(
    plans.map((plan, i) => [
      plan.field.id,
      columnMetricsFromChunks(plan, columns[i] ?? [], chunkStatistics[i] ?? [], columnSizes[i] ?? 0),
    ]),
  );
  const encoded: EncodedDataFile = { bytes, recordCount: rowCount(rows), metrics };
  return encoded;
}

export const encodeDataFile: DataFileEncoder = dataFileEncoder();
