import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { toItem } from '../attribute-value';
import type { Provenance } from '../items';
import type { ItemKind, StoredItem, Tombstone } from './items';
import type { ProjectorMetrics } from './metrics';

export type WriteOutcome = 'applied' | 'stale';

/**
 * DynamoDB refused this item for what it holds (a number beyond its range, an item over 400 KB, a
 * map nested too deep, a value that cannot be marshalled): no retry can change that, so the change
 * is dead-lettered with the reason and its partition moves on.
 */
export class WriteRefusedError extends Error {
  readonly code = 'PROJECT_WRITE_REFUSED';
  readonly canRetry = false;
  constructor(
    readonly reason: string,
    options?: { cause: unknown },
  ) {
    super(reason, options);
    this.name = 'WriteRefusedError';
  }
}

/**
 * Errors that belong to the item itself. Anything else that is not throttling or a server error —
 * a missing table, denied access, bad credentials — is the environment's fault: dead-lettering every
 * change because of it would empty the topic into the DLQ, so those are retried until fixed.
 */
const REFUSALS = [
  'ValidationException',
  'ItemCollectionSizeLimitExceededException',
  'SerializationException',
];
export const isRefusal = (error: unknown) => REFUSALS.includes((error as { name?: string })?.name ?? '');

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
export function retryReason(error: unknown): 'throttled' | 'transient' | 'environment' | undefined {
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
  if (isRefusal(error) || e?.name === 'ConditionalCheckFailedException') return undefined;
  // A service exception we do not know to be the item's fault: see REFUSALS.
  return status !== undefined || name.endsWith('Exception') ? 'environment' : undefined;
}

/**
 * The condition that a write is newer than what the table holds, ordered by (source ordinal,
 * enrichment revision): a later re-emission of the same change replaces its earlier enrichment. An
 * item from before revisions were stored has none: it counts as revision 0.
 */
export function newerThanStored(item: Pick<Provenance, 'sourceOrdinal' | 'enrichmentRevision'>): {
  ConditionExpression: string;
  ExpressionAttributeValues: Record<string, AttributeValue>;
} {
  const revision = item.enrichmentRevision ?? 0;
  if (revision === 0)
    return {
      ConditionExpression: 'attribute_not_exists(pk) OR sourceOrdinal < :o',
      ExpressionAttributeValues: { ':o': { S: item.sourceOrdinal } },
    };
  return {
    ConditionExpression:
      'attribute_not_exists(pk) OR sourceOrdinal < :o OR (sourceOrdinal = :o AND ' +
      '(attribute_not_exists(enrichmentRevision) OR enrichmentRevision < :r))',
    ExpressionAttributeValues: {
      ':o': { S: item.sourceOrdinal },
      ':r': { N: String(revision) },
    },
  };
}

/** The order `newerThanStored` keeps: above 0 when `a` replaces `b` in the table. */
export function compareProvenance(
  a: Pick<Provenance, 'sourceOrdinal' | 'enrichmentRevision'>,
  b: Pick<Provenance, 'sourceOrdinal' | 'enrichmentRevision'>,
): number {
  // DynamoDB compares strings by their UTF-8 bytes; ordinals are ASCII, where JS agrees.
  if (a.sourceOrdinal !== b.sourceOrdinal) return a.sourceOrdinal < b.sourceOrdinal ? -1 : 1;
  return (a.enrichmentRevision ?? 0) - (b.enrichmentRevision ?? 0);
}

/**
 * Writes one item only if it is newer than what the table holds (`newerThanStored`): a replayed,
 * repeated or reordered change fails the condition and is counted as stale. Throttling, server and environment errors are retried with exponential backoff and full
 * jitter (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/) until they
 * succeed, so a record is never skipped; an item DynamoDB refuses throws `WriteRefusedError`.
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
    let command: PutItemCommand;
    try {
      command = new PutItemCommand({
        TableName: table,
        Item: toItem(item as unknown as Record<string, unknown>),
        ...newerThanStored(item),
      });
    } catch (error) {
      metrics.writes.inc({ kind, outcome: 'refused' });
      throw new WriteRefusedError(`the item cannot be marshalled: ${(error as Error).message}`, {
        cause: error,
      });
    }
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
        if (isRefusal(error)) {
          metrics.writes.inc({ kind, outcome: 'refused' });
          const { name, message } = error as Error;
          throw new WriteRefusedError(`DynamoDB refused the item: ${name}: ${message}`, { cause: error });
        }
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
