import {
  type Consumer,
  type IHeaders,
  type Kafka,
  type KafkaMessage,
  type Message,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type { StructuredLog } from './client';
import { type Membership, watchMembership } from './membership';
import type { LoopMetrics } from './metrics';

export interface IncomingRecord {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

export interface OutgoingRecord {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers?: IHeaders;
  /** Set only to bypass the key's partition: a record meant for one partition (a truncate marker). */
  partition?: number;
}

/**
 * Turns one consumed record into the records to produce. It must not throw for bad input (a bad
 * record becomes a dead-letter record); a throw means the batch cannot be processed now, so the
 * transaction aborts and the batch is consumed again.
 */
export type Transform = (record: IncomingRecord) => Promise<OutgoingRecord[]>;

export interface ExactlyOnceOptions {
  kafka: Kafka;
  groupId: string;
  /** Stable per instance: a restarted instance fences its predecessor and aborts its open transaction. */
  transactionalId: string;
  topics: RegExp[] | string[];
  transform: Transform;
  log: StructuredLog;
  metrics: LoopMetrics;
  /** Upper bound of one fetched batch per partition, and so of one transaction. */
  maxBytesPerPartition?: number;
  now?: () => number;
}

export type LoopState = 'idle' | 'starting' | 'running' | 'draining' | 'stopped' | 'crashed';

export interface ExactlyOnceLoop {
  start(): Promise<void>;
  /** Stops fetching, lets the batch in flight commit, leaves the group, closes the producer. */
  stop(): Promise<void>;
  state(): LoopState;
  /** True once the consumer has joined its group and the producer is ready. */
  ready(): boolean;
  /** Resolves if the consumer crashes beyond its own restarts: the process should exit non-zero. */
  crashed: Promise<Error>;
}

/**
 * Consume-transform-produce with Kafka transactions: the outputs of one fetched batch and the
 * input offsets after it are committed in one transaction (KIP-98 `sendOffsetsToTransaction`), so
 * a read_committed reader downstream sees every input's outputs exactly once, whatever moment the
 * process dies at. Offsets are never committed outside a transaction (autoCommit off).
 */
export function exactlyOnceLoop(options: ExactlyOnceOptions): ExactlyOnceLoop {
  const { kafka, groupId, transactionalId, transform, log, metrics } = options;
  const now = options.now ?? Date.now;
  let state: LoopState = 'idle';
  let membership: Membership | undefined;
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  let reportCrash: (error: Error) => void = () => undefined;
  const crashed = new Promise<Error>((resolve) => {
    reportCrash = resolve;
  });

  async function commitBatch(
    topic: string,
    partition: number,
    lastOffset: string,
    outputs: OutgoingRecord[],
  ) {
    if (!producer) throw new Error('producer not connected');
    const started = now();
    const transaction = await producer.transaction();
    try {
      // In chunks: kafkajs puts a whole send for one partition into one record batch, and the broker
      // refuses a batch above message.max.bytes (1 MiB by default) — forever, on every retry.
      for (const chunk of chunksBySize(outputs, maxRequestBytes)) {
        await transaction.sendBatch({ topicMessages: byTopic(chunk), acks: -1 });
      }
      await transaction.sendOffsets({
        consumerGroupId: groupId,
        topics: [{ topic, partitions: [{ partition, offset: (BigInt(lastOffset) + 1n).toString() }] }],
      });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch((abortError: Error) => log.warn({ err: abortError }, 'abort failed'));
      metrics.transactionsAborted.inc();
      throw error;
    }
    metrics.transactionSeconds.observe((now() - started) / 1000);
  }

  return {
    crashed,
    state: () => state,
    ready: () => state === 'running' && membership?.joined() === true,

    async start() {
      state = 'starting';
      producer = kafka.producer({
        transactionalId,
        idempotent: true,
        maxInFlightRequests: 1,
        // Murmur2, as the Java client partitions, so a key lands where any other producer puts it.
        createPartitioner: Partitioners.DefaultPartitioner,
        // An idempotent producer must not give up on its own: a gap would break the sequence.
        retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 20, maxRetryTime: 5_000 },
      });
      await producer.connect();
      consumer = kafka.consumer({
        groupId,
        readUncommitted: false,
        allowAutoTopicCreation: false,
        // Each fetched partition batch is one transaction (~40 ms of round trips), so larger
        // fetches mean fewer transactions per record.
        maxBytesPerPartition: options.maxBytesPerPartition ?? 4 * 1024 * 1024,
        maxBytes: 16 * 1024 * 1024,
      });
      membership = watchMembership(consumer, log);
      void membership.fatal.then((error) => {
        state = 'crashed';
        reportCrash(error);
      });
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isStale }) => {
          if (batch.isEmpty()) return;
          const outputs: OutgoingRecord[] = [];
          for (const message of batch.messages) {
            outputs.push(...(await transform({ topic: batch.topic, partition: batch.partition, message })));
          }
          // Revoked while we worked: the new owner starts from the last committed offset.
          if (isStale()) return;
          await commitBatch(batch.topic, batch.partition, batch.lastOffset(), outputs);
          resolveOffset(batch.lastOffset());
          metrics.recordsPerTransaction.observe(batch.messages.length);
          metrics.lag.set(
            { topic: batch.topic, partition: String(batch.partition) },
            Number(batch.offsetLag()),
          );
          await heartbeat();
        },
      });
      state = 'running';
    },

    async stop() {
      if (state === 'stopped' || state === 'idle') return;
      state = 'draining';
      // disconnect() waits for the batch in flight to finish (and commit) before leaving the group.
      await consumer?.disconnect();
      await producer?.disconnect();
      state = 'stopped';
    },
  };
}

const maxRequestBytes = 512 * 1024;

/** Splits records so that no chunk carries more than `limit` bytes of keys and values. */
export function chunksBySize(records: OutgoingRecord[], limit: number): OutgoingRecord[][] {
  const chunks: OutgoingRecord[][] = [];
  let current: OutgoingRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = (record.key?.length ?? 0) + (record.value?.length ?? 0) + 64;
    if (current.length > 0 && bytes + size > limit) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function byTopic(outputs: OutgoingRecord[]): { topic: string; messages: Message[] }[] {
  const grouped = new Map<string, Message[]>();
  for (const { topic, key, value, headers, partition } of outputs) {
    const messages = grouped.get(topic) ?? [];
    messages.push(partition === undefined ? { key, value, headers } : { key, value, headers, partition });
    grouped.set(topic, messages);
  }
  return [...grouped].map(([topic, messages]) => ({ topic, messages }));
}
