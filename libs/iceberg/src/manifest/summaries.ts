import { IcebergError } from '../errors';
import type { BoundPartitionField, PartitionValue } from '../partition';
import { singleValueBytes } from '../values';
import type { ContentFile, FieldSummary } from './types';

/** Compares two values of one Iceberg type the way bounds order them (strings by UTF-8 bytes). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  throw new IcebergError('ICEBERG_UNSUPPORTED', `cannot order ${typeof a} and ${typeof b}`);
}

/** Per partition field: nulls, and the bounds of the values, over the files of one manifest. */
export function partitionSummaries(
  partitionFields: readonly BoundPartitionField[],
  files: readonly ContentFile[],
): FieldSummary[] {
  return partitionFields.map((field, i) => {
    let containsNull = false;
    let lower: PartitionValue = null;
    let upper: PartitionValue = null;
    for (const file of files) {
      const value = file.partition[i] ?? null;
      if (value === null) {
        containsNull = true;
        continue;
      }
      if (lower === null || compareValues(value, lower) < 0) lower = value;
      if (upper === null || compareValues(value, upper) > 0) upper = value;
    }
    return {
      containsNull,
      containsNan: null,
      lowerBound: lower === null ? null : singleValueBytes(field.resultType, lower),
      upperBound: upper === null ? null : singleValueBytes(field.resultType, upper),
    };
  });
}
