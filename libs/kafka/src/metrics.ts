import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface LoopMetrics extends ConsumerMetrics {
  transactionSeconds: Histogram;
  transactionsAborted: Counter;
  transactionsFenced: Counter;
  batchesAbandoned: Counter;
  recordsPerTransaction: Histogram;
  oversize: OversizeMetrics;
}

/** What every consumer exports under the same names and labels, whichever service it is in. */
export interface ConsumerMetrics {
  /** Records between the group's position and the partition end. */
  lag: Gauge<'group' | 'topic' | 'partition'>;
  /** Input records the consumer has processed: a stage's throughput is its group's rate. */
  consumed: Counter<'group' | 'topic'>;
}

/** The consumer metrics in the service's registry; get-or-create, so parts of a service may share them. */
export function consumerMetrics(registry: Registry): ConsumerMetrics {
  const lag = registry.getSingleMetric('lakestream_consumer_lag');
  const consumed = registry.getSingleMetric('lakestream_records_consumed_total');
  return {
    lag:
      (lag as Gauge<'group' | 'topic' | 'partition'> | undefined) ??
      new Gauge({
        name: 'lakestream_consumer_lag',
        help: 'Records between the consumer position and the partition end, per input partition',
        labelNames: ['group', 'topic', 'partition'],
        registers: [registry],
      }),
    consumed:
      (consumed as Counter<'group' | 'topic'> | undefined) ??
      new Counter({
        name: 'lakestream_records_consumed_total',
        help: 'Input records processed, per consumer group and topic',
        labelNames: ['group', 'topic'],
        registers: [registry],
      }),
  };
}

export interface OversizeMetrics {
  claimChecks: Counter<'stage'>;
  tooLarge: Counter<'topic'>;
}

/** The consume loop's metrics, in the registry the service passes in (never the global one). */
export function loopMetrics(registry: Registry): LoopMetrics {
  return {
    transactionSeconds: new Histogram({
      name: 'lakestream_transaction_commit_seconds',
      help: 'Time to produce one batch and commit it with its input offsets in one Kafka transaction',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    transactionsAborted: new Counter({
      name: 'lakestream_transactions_aborted_total',
      help: 'Transactions aborted; their batch is consumed again',
      registers: [registry],
    }),
    transactionsFenced: new Counter({
      name: 'lakestream_transactions_fenced_total',
      help: 'Transactions refused because a newer owner of their input partition initialised its producer; the work is dropped',
      registers: [registry],
    }),
    batchesAbandoned: new Counter({
      name: 'lakestream_batches_abandoned_total',
      help: 'Batches given up before their commit because the group rebalanced or expelled the member while they were worked on; they are consumed again',
      registers: [registry],
    }),
    recordsPerTransaction: new Histogram({
      name: 'lakestream_transaction_records',
      help: 'Input records committed per transaction',
      buckets: [1, 10, 50, 100, 500, 1000, 5000],
      registers: [registry],
    }),
    ...consumerMetrics(registry),
    oversize: oversizeMetrics(registry),
  };
}

/**
 * Records sent to the dead-letter topic, by the stage that refused them, its code, and the source
 * table when known: one series name for every service, so a dashboard or alert needs no list of them.
 * Get-or-create, since a service's parts may each ask for it in the one registry.
 */
export function deadLetterCounter(registry: Registry): Counter<'stage' | 'code' | 'table'> {
  const name = 'lakestream_dead_letters_total';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<'stage' | 'code' | 'table'>;
  return new Counter({
    name,
    help: 'Records sent to the dead-letter topic, by the stage that refused them, error code and source table',
    labelNames: ['stage', 'code', 'table'],
    registers: [registry],
  });
}

/** Records larger than their topic accepts, in the registry the service passes in. */
export function oversizeMetrics(registry: Registry): OversizeMetrics {
  return {
    claimChecks: new Counter({
      name: 'lakestream_dlq_claim_checks_total',
      help: 'Dead letters larger than the dead-letter topic accepts: the original stored aside, a pointer sent',
      labelNames: ['stage'],
      registers: [registry],
    }),
    tooLarge: new Counter({
      name: 'lakestream_records_too_large_total',
      help: 'Outputs larger than their topic accepts; their input was dead-lettered with RECORD_TOO_LARGE',
      labelNames: ['topic'],
      registers: [registry],
    }),
  };
}
