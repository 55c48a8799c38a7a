import { refSnapshotId } from '../catalog/requirements';
import { type Snapshot, snapshotById, type TableMetadata } from '../metadata';

// Which snapshots a table has, and which one was current at a time (spec "Snapshots", "Table
// Metadata": snapshot-log, refs). For `lakestream snapshots`, `sql --as-of` and `expire`.

/** A snapshot's sequence number; format v1 tables have none, which the spec reads as 0. */
export const sequenceNumberOf = (snapshot: Snapshot): bigint => snapshot['sequence-number'] ?? 0n;

const bySequence = (a: Snapshot, b: Snapshot) => {
  const [x, y] = [sequenceNumberOf(a), sequenceNumberOf(b)];
  if (x !== y) return x < y ? -1 : 1;
  return a['timestamp-ms'] - b['timestamp-ms'];
};

/** Every snapshot the table still has, oldest first (by sequence number, then time). */
export function listSnapshots(metadata: TableMetadata): Snapshot[] {
  return [...(metadata.snapshots ?? [])].sort(bySequence);
}

/**
 * The ref's snapshot and its ancestors, newest first, as far back as the table still has them.
 * Expiry leaves gaps (a retention policy keeps, say, the last snapshot of each day): the parent a
 * snapshot names is gone. When `main` is the table's only ref, every snapshot was once on it, so the
 * history goes on past a gap at the newest remaining snapshot older (by sequence number) than the
 * one whose parent is gone. With other refs (branches, tags) there is no telling which ref an
 * orphaned snapshot was on, and the history ends at the first gap.
 */
export function ancestors(metadata: TableMetadata, ref = 'main'): Snapshot[] {
  const chain: Snapshot[] = [];
  const seen = new Set<bigint>();
  const onlyMain = ref === 'main' && Object.keys(metadata.refs ?? { main: true }).every((r) => r === 'main');
  const newestFirst = onlyMain ? listSnapshots(metadata).reverse() : [];
  let id = refSnapshotId(metadata, ref);
  while (id !== undefined && !seen.has(id)) {
    const snapshot = snapshotById(metadata, id);
    if (!snapshot) break;
    chain.push(snapshot);
    seen.add(id);
    id = snapshot['parent-snapshot-id'];
    if (id !== undefined && onlyMain && !snapshotById(metadata, id)) {
      const sequence = sequenceNumberOf(snapshot);
      id = newestFirst.find((s) => sequenceNumberOf(s) < sequence && !seen.has(s['snapshot-id']))?.[
        'snapshot-id'
      ];
    }
  }
  return chain;
}

/**
 * The snapshot a reader "as of" `timestampMs` sees on the ref: of the ref's history, the one with
 * the highest sequence number whose timestamp is at or before that time; undefined when the history
 * starts later (or the table has no snapshot).
 */
export function snapshotAsOf(
  metadata: TableMetadata,
  timestampMs: number,
  ref = 'main',
): Snapshot | undefined {
  let found: Snapshot | undefined;
  for (const snapshot of ancestors(metadata, ref)) {
    if (snapshot['timestamp-ms'] > timestampMs) continue;
    if (!found || bySequence(snapshot, found) > 0) found = snapshot;
  }
  return found;
}

/**
 * The newest snapshot on the ref, committed after `sinceId`, that removed data files: a rewrite
 * (compaction: operation `replace`) or another engine's delete or overwrite. A writer that keeps
 * positions into the table's data files (lake-sink's live-row index) must reload them after one.
 * When `sinceId` is no longer in the history (expired), the whole remaining history is looked at.
 */
export function removedDataFilesSince(
  metadata: TableMetadata,
  sinceId: bigint | undefined,
  ref = 'main',
): Snapshot | undefined {
  for (const snapshot of ancestors(metadata, ref)) {
    if (snapshot['snapshot-id'] === sinceId) return undefined;
    const summary = snapshot.summary;
    if (summary.operation === 'replace' || Number(summary['deleted-data-files'] ?? 0) > 0) return snapshot;
  }
  return undefined;
}
