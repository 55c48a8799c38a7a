import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { toItem } from '../attribute-value';
import type { ItemKind, StoredItem, Tombstone } from './items';
import type { ProjectorMetrics } from './metrics';

export type WriteOutcome = 'applied' | 'stale';

/** Thrown when the caller asked to stop (shutdown, partition revoked) while a write was retrying. */
export class WriteAbortedError extends Error {
  readonly code = 'WRITE_ABORTED';
  readonly canRetry = true;
  constructor() {
    super('write abandoned: the projector is stopping or lost the partition');
    this.name = 'WriteAbortedError';
  }
}

export interface WriterOptions {
  client: DynamoDBClient;
  table: string;
  metrics: ProjectorMetrics;
  /** First retry waits up to this long; each further one up to twice as long, capped. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface WriteControl {
  /** False once the write should be given up (the batch is then consumed again by someone). */
  keepGoing?: () => boolean;
  /** Called between retries, so a long throttle does not cost the consumer its group membership. */
  onRetry?: () => Promise<void>;
}

/** Which failures are worth retrying, and under which metric label. */
export function retryReason(error: unknown): 'throttled' | 'transient' | undefined {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? '';
  if (
    [
      'ProvisionedThroughputExceededException',
      'ThrottlingException',
      'RequestLimitExceeded',
      'TooManyRequestsException',
    ].includes(name)
  )
    return 'throttled';
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return 'transient';
  if (['InternalServerError', 'ServiceUnavailable', 'TimeoutError', 'RequestTimeout'].includes(name))
    return 'transient';
  const code = e?.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'].includes(code)) return 'transient';
  return undefined;
}

/**
 * Writes one item only if it is newer than what the table holds (`attribute_not_exists(pk) OR
 * sourceOrdinal < :o`): a replayed, repeated or reordered change fails the condition and is counted
 * as stale. Throttling and server errors are retried with exponential backoff and full jitter
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/) until they succeed,
 * so a record is never skipped; any other error is thrown and fails the batch.
 */
export function itemWriter(options: WriterOptions) {
  const { client, table, metrics } = options;
  const base = options.baseDelayMs ?? 50;
  const cap = options.maxDelayMs ?? 5_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? performance.now.bind(performance);

  return async function write(
    kind: ItemKind,
    item: StoredItem | Tombstone,
    control: WriteControl = {},
  ): Promise<WriteOutcome> {
    const command = new PutItemCommand({
      TableName: table,
      Item: toItem(item as unknown as Record<string, unknown>),
      ConditionExpression: 'attribute_not_exists(pk) OR sourceOrdinal < :o',
      ExpressionAttributeValues: { ':o': { S: item.sourceOrdinal } },
    });
    for (let attempt = 0; ; attempt++) {
      const started = now();
      try {
        await client.send(command);
        metrics.dynamoSeconds.observe({ outcome: 'applied' }, (now() - started) / 1000);
        metrics.writes.inc({ kind, outcome: 'applied' });
        return 'applied';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          metrics.dynamoSeconds.observe({ outcome: 'stale' }, (now() - started) / 1000);
          metrics.writes.inc({ kind, outcome: 'stale' });
          return 'stale';
        }
        const reason = retryReason(error);
        metrics.dynamoSeconds.observe({ outcome: reason ?? 'error' }, (now() - started) / 1000);
        if (!reason) throw error;
        metrics.writes.inc({ kind, outcome: reason === 'throttled' ? 'throttled_retry' : 'error_retry' });
        if (control.keepGoing && !control.keepGoing()) throw new WriteAbortedError();
        await sleep(Math.floor(random() * Math.min(cap, base * 2 ** Math.min(attempt, 20))));
        await control.onRetry?.();
      }
    }
  };
}

export type ItemWriter = ReturnType<typeof itemWriter>;
