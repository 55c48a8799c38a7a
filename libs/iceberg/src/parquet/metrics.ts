import type { ColumnMetrics } from '../types';
import type { FieldPlan } from './fields';

/**
 * Value and null counts and bounds of one column, over column values (FieldPlan.toColumn output).
 * Spec "Manifests", data_file: value_counts include nulls (and NaN); bounds are over non-null
 * values, and a float NaN is not a bound (it is counted in nan_value_counts instead).
 */
export function columnMetrics(
  plan: FieldPlan,
  values: readonly unknown[],
  columnSize: number,
): ColumnMetrics {
  let nullValueCount = 0;
  let lower: unknown;
  let upper: unknown;
  let seen = false;
  for (const value of values) {
    if (value === null) {
      nullValueCount += 1;
      continue;
    }
    if (typeof value === 'number' && Number.isNaN(value)) continue;
    if (!seen) {
      lower = value;
      upper = value;
      seen = true;
    } else if (plan.compare(value, lower) < 0) {
      lower = value;
    } else if (plan.compare(value, upper) > 0) {
      upper = value;
    }
  }
  const metrics: ColumnMetrics = { valueCount: values.length, nullValueCount, columnSize };
  if (seen) {
    metrics.lower = plan.toLake(lower);
    metrics.upper = plan.toLake(upper);
  }
  return metrics;
}

/** The statistics hyparquet-writer keeps per column chunk, over the same column values. */
export interface ChunkStatistics {
  min_value?: unknown;
  max_value?: unknown;
  null_count?: bigint;
}

/**
 * The same metrics from the statistics hyparquet-writer already computed per row group, which saves
 * a second pass over every value. Parquet statistics order as Iceberg bounds do (UTF-8 bytes,
 * unsigned bytes, signed integers) except for floats, whose -0 and +0 Parquet normalises (and NaN it
 * may count apart): those columns, and chunks without statistics, take the full pass instead.
 */
export function columnMetricsFromChunks(
  plan: FieldPlan,
  values: readonly unknown[],
  chunks: readonly (ChunkStatistics | undefined)[],
  columnSize: number,
): ColumnMetrics {
  const type = plan.element.type;
  if (type === 'FLOAT' || type === 'DOUBLE' || chunks.some((c) => c?.null_count === undefined))
    return columnMetrics(plan, values, columnSize);
  let nullValueCount = 0;
  let lower: unknown;
  let upper: unknown;
  for (const chunk of chunks as ChunkStatistics[]) {
    nullValueCount += Number(chunk.null_count);
    if (chunk.min_value === undefined || chunk.max_value === undefined) continue;
    if (lower === undefined || plan.compare(chunk.min_value, lower) < 0) lower = chunk.min_value;
    if (upper === undefined || plan.compare(chunk.max_value, upper) > 0) upper = chunk.max_value;
  }
  const metrics: ColumnMetrics = { valueCount: values.length, nullValueCount, columnSize };
  if (lower !== undefined) {
    metrics.lower = plan.toLake(lower);
    metrics.upper = plan.toLake(upper);
  }
  return metrics;
}
