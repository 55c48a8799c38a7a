import { consumerMetrics, deadLetterCounter } from '@lakestream/kafka';
import { endToEndSeconds } from '@lakestream/runtime';
import type { StorageCallObserver } from '@lakestream/storage';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export function sinkMetrics(registry: Registry) {
  const registers = [registry];
  return {
    rows: new Counter({
      name: 'lakestream_lake_rows_written_total',
      help: 'Rows written into data files, per Iceberg table',
      labelNames: ['table'],
      registers,
    }),
    deletes: new Counter({
      name: 'lakestream_lake_position_deletes_total',
      help: 'Rows deleted by position, per current-state table',
      labelNames: ['table'],
      registers,
    }),
    bytes: new Counter({
      name: 'lakestream_lake_bytes_written_total',
      help: 'Bytes of data and delete files written, per Iceberg table',
      labelNames: ['table'],
      registers,
    }),
    filesPerCommit: new Histogram({
      name: 'lakestream_lake_files_per_commit',
      help: 'Data and delete files added by one commit',
      labelNames: ['table'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers,
    }),
    commitSeconds: new Histogram({
      name: 'lakestream_lake_commit_seconds',
      help: 'Flush of one table: files written, manifests, metadata created',
      labelNames: ['table'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    conflicts: new Counter({
      name: 'lakestream_lake_commit_conflicts_total',
      help: 'Commits that lost the race for the next metadata version and were rebased',
      labelNames: ['table'],
      registers,
    }),
    commitFailures: new Counter({
      name: 'lakestream_lake_commit_failures_total',
      help: 'Failed commits other than stale batches: retried (transient), isolated (poison records found), fatal',
      labelNames: ['table', 'outcome'],
      registers,
    }),
    staleBatches: new Counter({
      name: 'lakestream_lake_stale_batches_total',
      help: 'Batches dropped because another writer had committed their offsets (after a rebalance)',
      labelNames: ['table'],
      registers,
    }),
    /** Source commit of the newest change in a batch to the lake commit that holds it (stage `lake`). */
    sourceToLake: endToEndSeconds(registry),
    ...consumerMetrics(registry),
    reemissionsSkipped: new Counter({
      name: 'lakestream_lake_reemissions_skipped_total',
      help: 'Re-emissions of enriched changes that replaced no row: their change is newer or gone, or past the window',
      labelNames: ['table'],
      registers,
    }),
    liveRows: new Gauge({
      name: 'lakestream_lake_index_live_rows',
      help: 'Keys in the live-row index of a current-state table',
      labelNames: ['table'],
      registers,
    }),
    indexRebuildSeconds: new Histogram({
      name: 'lakestream_lake_index_rebuild_seconds',
      help: 'Loading or rebuilding the live-row index of a current-state table',
      labelNames: ['table'],
      buckets: [0.1, 0.5, 1, 5, 10, 30, 120],
      registers,
    }),
    /** The shared `lakestream_dead_letters_total` (libs/kafka), stage `lake`. */
    deadLetters: deadLetterCounter(registry),
    buffered: new Gauge({
      name: 'lakestream_lake_buffered_rows',
      help: 'Changes accepted and not yet committed, over all tables',
      registers,
    }),
  };
}

export type SinkMetrics = ReturnType<typeof sinkMetrics>;

/** Warehouse call latencies; registered apart because the storage is built before the service. */
export function sinkMetricsStorageObserver(registry: Registry): StorageCallObserver {
  const seconds = new Histogram({
    name: 'lakestream_s3_request_seconds',
    help: 'Warehouse (S3) requests by call and outcome',
    labelNames: ['call', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });
  return (call, elapsed, ok) => seconds.observe({ call, outcome: ok ? 'ok' : 'error' }, elapsed);
}
