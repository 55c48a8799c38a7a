import { type ConsumerMetrics, consumerMetrics, deadLetterCounter } from '@lakestream/kafka';
import { endToEndSeconds } from '@lakestream/runtime';
import { Counter, Histogram, type Registry } from 'prom-client';

export interface ProjectorMetrics extends ConsumerMetrics {
  /**
   * outcome: applied, stale (an older or repeated change), superseded (a newer change of the same item
   * in the batch was written instead), refused (dead-lettered), throttled_retry, error_retry.
   */
  writes: Counter<'kind' | 'outcome'>;
  /** Records that can never become an item (undecodable, no tenant, refused by DynamoDB): dead-lettered. */
  invalid: Counter<'stage' | 'code' | 'table'>;
  dynamoSeconds: Histogram<'outcome'>;
  batchSeconds: Histogram;
  /** Source commit to the item written (stage `project`): how fresh the API's answers are. */
  endToEnd: Histogram<'stage' | 'table'>;
}

/** The projector's metrics, in the registry the service passes in (never the global one). */
export function projectorMetrics(registry: Registry): ProjectorMetrics {
  return {
    writes: new Counter({
      name: 'lakestream_projector_writes_total',
      help: 'DynamoDB item writes by item kind and outcome (applied, stale, superseded, refused, throttled_retry, error_retry)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    invalid: deadLetterCounter(registry),
    dynamoSeconds: new Histogram({
      name: 'lakestream_projector_dynamodb_request_seconds',
      help: 'Latency of one conditional PutItem, by outcome',
      labelNames: ['outcome'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'lakestream_projector_batch_seconds',
      help: 'Time to apply one fetched batch to DynamoDB and commit its offsets',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    ...consumerMetrics(registry),
    endToEnd: endToEndSeconds(registry),
  };
}
