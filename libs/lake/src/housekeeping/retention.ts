import {
  ancestors,
  listSnapshots,
  refSnapshotId,
  type Snapshot,
  sequenceNumberOf,
  snapshotById,
  type TableMetadata,
} from '@lakestream/iceberg';
import { LakeError } from '../errors';

// Which snapshots an expiry keeps (DESIGN "Housekeeping"): every snapshot for a while, then the last
// of each day, then the last of each month. Days and months are UTC. Pure: the clock is an argument.

const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  /** Every snapshot younger than this is kept. */
  allMs: number;
  /** The last snapshot of each UTC day younger than this is kept. */
  dailyMs: number;
  /** The last snapshot of each UTC month younger than this is kept. */
  monthlyMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  allMs: 7 * DAY_MS,
  dailyMs: 90 * DAY_MS,
  monthlyMs: 730 * DAY_MS,
};

/** `7d`, `36h`, `90m`, `45s`, `0`: a duration in ms. */
export function parseDuration(text: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?$/.exec(text.trim());
  if (!match)
    throw new LakeError(
      'LAKE_BAD_OPTION',
      `${what} ${text}: expected a duration such as 7d, 36h, 90m or 30s`,
    );
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS }[match[2] ?? 'ms'] ?? 1;
  return Number(match[1]) * unit;
}

export function checkPolicy(policy: RetentionPolicy): RetentionPolicy {
  for (const [name, ms] of Object.entries(policy))
    if (!(ms >= 0) || !Number.isFinite(ms))
      throw new LakeError('LAKE_BAD_OPTION', `retention ${name}: expected a duration of 0 or more`);
  return policy;
}

export type KeepReason = 'ref' | 'recent' | 'last of day' | 'last of month' | 'other ref history';

export interface RetentionPlan {
  keep: Map<bigint, KeepReason>;
  /** Oldest first. */
  expire: Snapshot[];
}

/**
 * The snapshots to keep and to expire at `now`. Always kept: the head of every ref (main's current
 * snapshot among them), and the whole history of every ref other than main (another engine's
 * branches and tags are not ours to thin). On main's history the policy applies; a snapshot on no
 * ref's history (left by a rollback, or a dropped branch) is kept while it is recent.
 */
export function planRetention(metadata: TableMetadata, policy: RetentionPolicy, now: number): RetentionPlan {
  const keep = new Map<bigint, KeepReason>();
  for (const name of Object.keys(metadata.refs ?? {})) {
    const id = refSnapshotId(metadata, name);
    if (id !== undefined && snapshotById(metadata, id)) keep.set(id, 'ref');
    if (name === 'main') continue;
    for (const s of ancestors(metadata, name))
      if (!keep.has(s['snapshot-id'])) keep.set(s['snapshot-id'], 'other ref history');
  }
  const current = refSnapshotId(metadata, 'main');
  if (current !== undefined && snapshotById(metadata, current)) keep.set(current, 'ref');

  const main = ancestors(metadata, 'main');
  const onMain = new Set(main.map((s) => s['snapshot-id']));
  // Newest first: the first snapshot met of a day or month is its last.
  const newestFirst = [...main].sort((a, b) => (sequenceNumberOf(b) > sequenceNumberOf(a) ? 1 : -1));
  const days = new Set<number>();
  const months = new Set<string>();
  for (const snapshot of newestFirst) {
    const id = snapshot['snapshot-id'];
    const at = snapshot['timestamp-ms'];
    const age = now - at;
    const day = Math.floor(at / DAY_MS);
    const date = new Date(at);
    const month = `${date.getUTCFullYear()}-${date.getUTCMonth()}`;
    const lastOfDay = !days.has(day);
    const lastOfMonth = !months.has(month);
    days.add(day);
    months.add(month);
    if (keep.has(id)) continue;
    if (age <= policy.allMs) keep.set(id, 'recent');
    else if (lastOfDay && age <= policy.dailyMs) keep.set(id, 'last of day');
    else if (lastOfMonth && age <= policy.monthlyMs) keep.set(id, 'last of month');
  }
  for (const snapshot of metadata.snapshots ?? []) {
    const id = snapshot['snapshot-id'];
    if (!onMain.has(id) && !keep.has(id) && now - snapshot['timestamp-ms'] <= policy.allMs)
      keep.set(id, 'recent');
  }
  return { keep, expire: listSnapshots(metadata).filter((s) => !keep.has(s['snapshot-id'])) };
}
