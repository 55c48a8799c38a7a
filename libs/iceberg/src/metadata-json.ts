import { isLosslessNumber, type LosslessNumber, parse, stringify } from 'lossless-json';
import { IcebergError } from './errors';
import type { TableMetadata } from './metadata';

// Table metadata JSON read and written without losing a digit (spec "Appendix C: JSON
// serialization"). JSON.parse turns every number into a double: a snapshot id above 2^53, which the
// reference implementation and pyiceberg write as a matter of course (random 63-bit ids), would come
// back as another id, and a commit would then name a parent that does not exist. Here every number is
// read as its text first: the 64-bit fields become bigints, a number a double holds exactly becomes a
// number, and anything else (an engine's own field with a 64-bit value, `1.0`, `1e3`) stays the text it
// was, so writing the metadata back changes no field that the writer did not change.

/** The spec's 64-bit fields (spec "Table Metadata", "Snapshots", "Snapshot References"). */
const LONG_FIELDS: ReadonlySet<string> = new Set([
  'snapshot-id',
  'parent-snapshot-id',
  'current-snapshot-id',
  'sequence-number',
  'last-sequence-number',
]);

const INTEGER = /^-?\d+$/;

function revive(key: string, value: unknown): unknown {
  if (!isLosslessNumber(value)) return value;
  const text = (value as LosslessNumber).value;
  if (LONG_FIELDS.has(key)) {
    if (!INTEGER.test(text))
      throw new IcebergError('ICEBERG_BAD_METADATA', `${key} is ${text}, not an integer`);
    return BigInt(text);
  }
  const number = Number(text);
  // Only where the double prints back as the same text, so stringify writes the same bytes.
  return String(number) === text ? number : value;
}

/** Table metadata from its JSON bytes, ids and sequence numbers exact; the fields the spec requires checked. */
export function parseTableMetadata(bytes: Uint8Array | string, location = 'table metadata'): TableMetadata {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  let parsed: unknown;
  try {
    parsed = parse(text, revive);
  } catch (error) {
    if (error instanceof IcebergError) throw new IcebergError(error.code, `${location}: ${error.message}`);
    throw new IcebergError('ICEBERG_BAD_METADATA', `${location} is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return checked(parsed, location);
}

/** The metadata as JSON bytes: bigints as their digits, every field read from another writer as it was. */
export function serializeTableMetadata(metadata: TableMetadata): Uint8Array {
  return new TextEncoder().encode(stringify(metadata) ?? '');
}

const REQUIRED: readonly [string, 'number' | 'bigint' | 'string' | 'array'][] = [
  ['format-version', 'number'],
  ['table-uuid', 'string'],
  ['location', 'string'],
  ['last-updated-ms', 'number'],
  ['last-column-id', 'number'],
  ['schemas', 'array'],
  ['current-schema-id', 'number'],
  ['partition-specs', 'array'],
  ['default-spec-id', 'number'],
  ['last-partition-id', 'number'],
];

function checked(parsed: unknown, location: string): TableMetadata {
  const bad = (what: string) => new IcebergError('ICEBERG_BAD_METADATA', `${location}: ${what}`);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw bad('not a JSON object');
  const metadata = parsed as Record<string, unknown>;
  for (const [field, kind] of REQUIRED) {
    const value = metadata[field];
    const ok = kind === 'array' ? Array.isArray(value) : typeof value === kind;
    if (!ok) throw bad(`${field} is ${value === undefined ? 'missing' : `a ${typeof value}, not a ${kind}`}`);
  }
  const version = metadata['format-version'];
  if (version !== 1 && version !== 2 && version !== 3)
    throw bad(`format-version ${version} is not 1, 2 or 3`);
  // v2 and later require it; v1 tables have no sequence numbers, which the spec reads as 0.
  if (version !== 1 && typeof metadata['last-sequence-number'] !== 'bigint')
    throw bad('last-sequence-number is missing');
  for (const snapshot of (metadata.snapshots ?? []) as Record<string, unknown>[]) {
    if (typeof snapshot['snapshot-id'] !== 'bigint') throw bad('a snapshot has no snapshot-id');
    if (typeof snapshot['manifest-list'] !== 'string')
      throw bad(
        `snapshot ${snapshot['snapshot-id']} has no manifest-list (format v1 manifests are not read)`,
      );
  }
  return metadata as unknown as TableMetadata;
}
