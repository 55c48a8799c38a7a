import { currentSnapshotId, listSnapshots, type Snapshot, type TableMetadata } from '@lakestream/iceberg';

// `lakestream snapshots <table>`: one line per snapshot the table still has, from its summary (spec
// "Snapshot Summary": added-records, added-position-deletes, …) and lake-sink's own entry, the Kafka
// offsets the snapshot covers (`lakestream.kafka-offsets`, decision 0005).

export interface SnapshotLine {
  id: bigint;
  parentId: bigint | undefined;
  sequenceNumber: bigint;
  timestampMs: number;
  operation: string;
  current: boolean;
  addedRows: number;
  /** Rows this snapshot ended: position and equality deletes it added, and rows of files it removed. */
  deletedRows: number;
  addedDataFiles: number;
  addedDeleteFiles: number;
  removedFiles: number;
  totalDataFiles: number;
  totalDeleteFiles: number;
  /** `topic: partition=offset, …` per input topic; empty for a snapshot another engine wrote. */
  sourceOffsets: string;
}

const count = (summary: Snapshot['summary'], ...keys: string[]) =>
  keys.reduce((n, key) => n + (Number(summary[key] ?? 0) || 0), 0);

export const OFFSETS_SUMMARY = 'lakestream.kafka-offsets';

/** The summary's offsets as `topic: 0=12, 1=40`, one topic after another. */
export function offsetsText(summary: Snapshot['summary']): string {
  const raw = summary[OFFSETS_SUMMARY];
  if (!raw) return '';
  try {
    const topics = JSON.parse(raw) as Record<string, Record<string, string>>;
    return Object.entries(topics)
      .map(
        ([topic, partitions]) =>
          `${topic}: ${Object.entries(partitions)
            .sort(([a], [b]) => Number(a) - Number(b))
            .map(([p, o]) => `${p}=${o}`)
            .join(', ')}`,
      )
      .join('; ');
  } catch {
    return raw;
  }
}

/** Every snapshot of the table, oldest first. */
export function snapshotLines(metadata: TableMetadata): SnapshotLine[] {
  const current = currentSnapshotId(metadata);
  return listSnapshots(metadata).map((snapshot) => {
    const summary = snapshot.summary;
    return {
      id: snapshot['snapshot-id'],
      parentId: snapshot['parent-snapshot-id'],
      sequenceNumber: snapshot['sequence-number'],
      timestampMs: snapshot['timestamp-ms'],
      operation: summary.operation,
      current: snapshot['snapshot-id'] === current,
      addedRows: count(summary, 'added-records'),
      deletedRows: count(summary, 'added-position-deletes', 'added-equality-deletes', 'deleted-records'),
      addedDataFiles: count(summary, 'added-data-files'),
      addedDeleteFiles: count(summary, 'added-delete-files'),
      removedFiles: count(summary, 'deleted-data-files', 'removed-delete-files'),
      totalDataFiles: count(summary, 'total-data-files'),
      totalDeleteFiles: count(summary, 'total-delete-files'),
      sourceOffsets: offsetsText(summary),
    };
  });
}
