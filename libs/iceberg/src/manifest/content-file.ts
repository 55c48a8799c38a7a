import type { PartitionValue } from '../partition';
import type { EncodedDataFile, IcebergSchema } from '../types';
import { singleValueBytes } from '../values';
import type { ContentFile, FileContent } from './types';

/** Bounds longer than this are left out: a missing bound only costs pruning, a truncated one needs care. */
export const MAX_BOUND_BYTES = 64;

/**
 * A written Parquet file as its manifest entry lists it (spec "Manifests", data_file): counts and sizes
 * per field id, bounds as single-value bytes (spec Appendix D).
 */
export function contentFileOf(
  content: FileContent,
  path: string,
  partition: PartitionValue[],
  encoded: EncodedDataFile,
  schema: IcebergSchema,
): ContentFile {
  const file: ContentFile = {
    content,
    path,
    partition,
    recordCount: encoded.recordCount,
    sizeInBytes: encoded.bytes.length,
    columnSizes: new Map(),
    valueCounts: new Map(),
    nullValueCounts: new Map(),
    lowerBounds: new Map(),
    upperBounds: new Map(),
  };
  for (const field of schema.fields) {
    const metrics = encoded.metrics.get(field.id);
    if (!metrics) continue;
    file.columnSizes.set(field.id, metrics.columnSize);
    file.valueCounts.set(field.id, metrics.valueCount);
    file.nullValueCounts.set(field.id, metrics.nullValueCount);
    if (metrics.lower === undefined || metrics.upper === undefined) continue;
    const lower = singleValueBytes(field.type, metrics.lower);
    const upper = singleValueBytes(field.type, metrics.upper);
    if (lower.length > MAX_BOUND_BYTES || upper.length > MAX_BOUND_BYTES) continue;
    file.lowerBounds.set(field.id, lower);
    file.upperBounds.set(field.id, upper);
  }
  return file;
}
