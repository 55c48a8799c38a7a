/**
 * Every metric the dashboards and alerts read, and how — the ONE place that knows today's names.
 *
 * The services export these names (see each service's metrics.ts). Change a name here and run
 * `npm run generate -w deploy`: the dashboards, the rules files, the PrometheusRule and the promtool
 * tests are all generated from it, and `metrics.unit.test.ts` checks the names against the code.
 */

/** Names as exported; histograms by their base name (`_bucket`, `_count`, `_sum` are added by queries). */
export const METRICS = {
  /**
   * Gauge {group, topic, partition}: every consumer (libs/kafka's loop, lake-sink, the projector,
   * and the API's stock feed, one group per API process).
   */
  consumerLag: 'lakestream_consumer_lag',
  /** Counter {group, topic}: input records every consumer processed (libs/kafka consumerMetrics). */
  recordsConsumed: 'lakestream_records_consumed_total',
  /** Counter {table, op}: ChangeEvents cdc-ingest produced. */
  ingestChangesOut: 'lakestream_ingest_changes_out_total',
  /** Counter {stage, code, table}: every service's dead letters (libs/kafka deadLetterCounter). */
  deadLetters: 'lakestream_dead_letters_total',
  /** Counter {stage}: dead letters too large for the DLQ, stored aside (libs/kafka). */
  claimChecks: 'lakestream_dlq_claim_checks_total',
  /** Counter {table}. */
  lakeRows: 'lakestream_lake_rows_written_total',
  /** Histogram {table}: one observation per table commit. */
  lakeCommitSeconds: 'lakestream_lake_commit_seconds',
  /** Histogram {table}. */
  lakeFilesPerCommit: 'lakestream_lake_files_per_commit',
  /** Counter {table}. */
  lakeConflicts: 'lakestream_lake_commit_conflicts_total',
  /** Counter {table, outcome}. */
  lakeCommitFailures: 'lakestream_lake_commit_failures_total',
  /** Gauge: changes accepted by lake-sink and not yet committed. */
  lakeBuffered: 'lakestream_lake_buffered_rows',
  /** Histogram {call, outcome}: warehouse requests of lake-sink. */
  s3Seconds: 'lakestream_s3_request_seconds',
  /** Counter {kind, outcome}: outcome applied|stale|refused|throttled_retry|error_retry. */
  projectorWrites: 'lakestream_projector_writes_total',
  /** Histogram {outcome}: one conditional PutItem. */
  projectorDynamoSeconds: 'lakestream_projector_dynamodb_request_seconds',
  /** Histogram {operation, outcome}. */
  apiDynamoSeconds: 'lakestream_api_dynamodb_seconds',
  /** Histogram {method, route, status_code}. */
  apiRequestSeconds: 'lakestream_api_request_seconds',
  /** Histogram {stage, table}: source commit → the stage's output exists. */
  endToEndSeconds: 'lakestream_end_to_end_seconds',
  /** Histogram: cdc-ingest's Kafka transactions (libs/kafka loop). */
  transactionSeconds: 'lakestream_transaction_commit_seconds',
  /** prom-client's default process metrics, in every service. */
  residentMemory: 'process_resident_memory_bytes',
  /** Prometheus' own: 1 when the last scrape of a target worked. */
  up: 'up',
} as const;

export type MetricKey = keyof typeof METRICS;

/** Metrics that no service declares: Prometheus' own and prom-client's defaults. */
export const BUILTIN: ReadonlySet<string> = new Set([METRICS.up, METRICS.residentMemory]);

/** The label every scrape target carries with its service's name (stack config, ServiceMonitor). */
export const SERVICE_LABEL = 'service';

/** The services as the scrape configs name them (k8s Service names; libs/stack SERVICES). */
export const SERVICE = {
  ingest: 'cdc-ingest',
  enricher: 'enricher',
  lake: 'lake-sink',
  projector: 'projector',
  api: 'inventory-api',
} as const;

/** Consumer lag per group and partition: one gauge, every consumer. */
export const LAG = {
  series: METRICS.consumerLag,
  group: 'group',
  /** Lag of one service's group. */
  of: (service: string) => `${METRICS.consumerLag}{${SERVICE_LABEL}="${service}"}`,
} as const;

/** Dead letters by stage, code and table: one counter in every service; `rateBy` sums it by the labels given. */
export const DEAD_LETTERS = {
  counter: METRICS.deadLetters,
  rateBy: (by: string, window: string) => `sum by (${by}) (rate(${METRICS.deadLetters}[${window}]))`,
} as const;

/** The projector's write outcome that means DynamoDB throttled the write (it is retried). */
export const THROTTLED = { metric: METRICS.projectorWrites, selector: 'outcome="throttled_retry"' } as const;

/** The API's long-lived Server-Sent Events route: left out of latency, which it would swamp. */
export const API_STREAM_ROUTE = '/v1/inventory/:sku/events';
