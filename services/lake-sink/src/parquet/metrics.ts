import type { ColumnMetrics } from '../iceberg/types';
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
