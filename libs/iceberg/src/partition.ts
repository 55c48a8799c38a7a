import { toTwosComplement, unscaledDecimal } from '@lakestream/schemas';
import { IcebergError } from './errors';
import { murmur3x86 } from './murmur3';
import { decimalSpec } from './parquet/decimal';
import type { IcebergSchema, LakeRow, PrimitiveType } from './types';

// Partition specs and transforms (spec "Partitioning" and "Partition Transforms").

export type Transform = 'identity' | 'day' | `bucket[${number}]`;

export interface PartitionField {
  'source-id': number;
  'field-id': number;
  name: string;
  transform: Transform;
}

export interface PartitionSpec {
  'spec-id': number;
  fields: PartitionField[];
}

/** Partition field ids start at 1000 (spec "Partition Specs", field-id). */
export const FIRST_PARTITION_FIELD_ID = 1000;

/** A partition tuple's value: long-typed ones are bigints; bytes and fixed are read from other engines' tables. */
export type PartitionValue = string | number | bigint | boolean | Uint8Array | null;

export interface TypedValue {
  type: PrimitiveType;
  value: unknown;
}

const MICROS_PER_DAY = 86_400_000_000n;

/** The transform's result type (spec "Partition Transforms": day → date, bucket → int). */
export function resultType(transform: Transform, source: PrimitiveType): PrimitiveType {
  if (transform === 'identity') return source;
  if (transform === 'day') return 'date';
  return 'int';
}

function bucketCount(transform: Transform): number | undefined {
  const match = /^bucket\[(\d+)\]$/.exec(transform);
  return match ? Number(match[1]) : undefined;
}

/** The bytes the bucket transform hashes (spec "Bucket Transform Details"). */
function bucketBytes({ type, value }: TypedValue): Uint8Array {
  const long = (n: bigint) => {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, n, true);
    return bytes;
  };
  switch (type) {
    case 'int':
    case 'long':
    case 'date':
    case 'timestamp':
    case 'timestamptz':
      return long(BigInt(value as number | bigint));
    case 'string':
      return new TextEncoder().encode(String(value));
    case 'binary':
      return value as Uint8Array;
    default: {
      const decimal = decimalSpec(type);
      if (!decimal) throw new IcebergError('ICEBERG_UNSUPPORTED', `cannot bucket a ${type}`);
      return toTwosComplement(unscaledDecimal(String(value), decimal.precision, decimal.scale));
    }
  }
}

export function bucketOf(value: TypedValue, buckets: number): number {
  return (murmur3x86(bucketBytes(value)) & 0x7fffffff) % buckets;
}

export function applyTransform(transform: Transform, value: TypedValue): PartitionValue {
  if (value.value === null || value.value === undefined) return null;
  if (transform === 'identity') return value.value as PartitionValue;
  if (transform === 'day') {
    if (value.type === 'date') return Number(value.value);
    const micros = BigInt(value.value as bigint);
    // Floor division: days before 1970 are negative, and -1 µs is day -1, not day 0.
    const day = micros / MICROS_PER_DAY - (micros % MICROS_PER_DAY < 0n ? 1n : 0n);
    return Number(day);
  }
  const buckets = bucketCount(transform);
  if (buckets === undefined) throw new IcebergError('ICEBERG_UNSUPPORTED', `unknown transform ${transform}`);
  return bucketOf(value, buckets);
}

export interface BoundPartitionField extends PartitionField {
  sourceName: string;
  sourceType: PrimitiveType;
  resultType: PrimitiveType;
}

/** The spec's fields with their source columns resolved against a schema. */
export function bindSpec(spec: PartitionSpec, schema: IcebergSchema): BoundPartitionField[] {
  return spec.fields.map((field) => {
    const source = schema.fields.find((f) => f.id === field['source-id']);
    if (!source)
      throw new IcebergError(
        'ICEBERG_BAD_METADATA',
        `partition field ${field.name}: no source field ${field['source-id']}`,
      );
    return {
      ...field,
      sourceName: source.name,
      sourceType: source.type,
      resultType: resultType(field.transform, source.type),
    };
  });
}

export function partitionOf(fields: readonly BoundPartitionField[], row: LakeRow): PartitionValue[] {
  return fields.map((f) =>
    applyTransform(f.transform, { type: f.sourceType, value: row[f.sourceName] ?? null }),
  );
}

const isoDay = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);

/** `tenant_id=acme/ordered_at_day=2026-11-23`: the Hive-style folder names engines also write. */
export function partitionPath(
  fields: readonly BoundPartitionField[],
  values: readonly PartitionValue[],
): string {
  return fields
    .map((field, i) => {
      const value = values[i];
      const text =
        value === null || value === undefined
          ? 'null'
          : field.transform === 'day'
            ? isoDay(Number(value))
            : String(value);
      return `${encodeURIComponent(field.name)}=${encodeURIComponent(text)}`;
    })
    .join('/');
}

/** A stable text form of a partition tuple, for grouping rows and files by partition. */
export const partitionKey = (values: readonly PartitionValue[]): string =>
  JSON.stringify(values.map((v) => (typeof v === 'bigint' ? `${v}n` : v)));
