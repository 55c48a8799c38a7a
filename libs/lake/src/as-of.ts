import {
  currentSnapshot,
  type LoadedTable,
  type Snapshot,
  snapshotAsOf,
  snapshotById,
} from '@lakestream/iceberg';
import { LakeError } from './errors';

// `--as-of`: a point in time (ISO 8601) or one snapshot's id. DuckDB's own time travel by timestamp
// picks an arbitrary snapshot among several committed in the same millisecond, so times are resolved
// here, to the snapshot with the highest sequence number at or before them (libs/iceberg
// snapshotAsOf), and DuckDB is given snapshot ids.

export type AsOf = { kind: 'time'; ms: number } | { kind: 'snapshot'; id: bigint };

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * `2026-12-01`, `2026-12-01T10:00`, `2026-12-01T10:00:00.123456+01:00`: a time (without a zone, UTC;
 * a date alone is its midnight, UTC). All digits: a snapshot id (64-bit, kept exact).
 */
export function parseAsOf(text: string): AsOf {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const id = BigInt(trimmed);
    if (id >= 2n ** 63n)
      throw new LakeError('LAKE_BAD_AS_OF', `--as-of ${text}: a snapshot id is below 2^63`);
    return { kind: 'snapshot', id };
  }
  const match = ISO.exec(trimmed);
  if (!match)
    throw new LakeError(
      'LAKE_BAD_AS_OF',
      `--as-of ${text}: expected an ISO time (2026-12-01T10:00:00Z, a date, or a time without a zone as UTC) or a snapshot id`,
    );
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  const ms = Date.parse(
    `${y}-${mo}-${d}T${h}:${mi}:${s}.${fraction.padEnd(3, '0').slice(0, 3)}${zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`,
  );
  if (!Number.isFinite(ms)) throw new LakeError('LAKE_BAD_AS_OF', `--as-of ${text}: not a valid time`);
  return { kind: 'time', ms };
}

/** The time a request reads the lake at: the snapshot's commit time for a snapshot id. */
export function asOfTime(asOf: AsOf, tables: readonly LoadedTable[]): number {
  if (asOf.kind === 'time') return asOf.ms;
  for (const table of tables) {
    const snapshot = snapshotById(table.metadata, asOf.id);
    if (snapshot) return snapshot['timestamp-ms'];
  }
  throw new LakeError('LAKE_NOT_FOUND', `no table has a snapshot ${asOf.id}`);
}

/**
 * The snapshot of one table a request reads: the one named, in its own table; otherwise the table's
 * snapshot as of the request's time (undefined: the table had no snapshot yet, so it was empty).
 * A snapshot id thus reads every other table as of the moment that snapshot was committed.
 */
export function snapshotFor(
  table: LoadedTable,
  asOf: AsOf | undefined,
  time: number | undefined,
): Snapshot | undefined {
  if (!asOf) return currentSnapshot(table.metadata);
  if (asOf.kind === 'snapshot') {
    const named = snapshotById(table.metadata, asOf.id);
    if (named) return named;
  }
  return snapshotAsOf(table.metadata, time ?? Number.POSITIVE_INFINITY);
}
