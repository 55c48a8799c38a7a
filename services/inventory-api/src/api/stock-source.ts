import { hostname } from 'node:os';
import type { ConsumerMetrics, StructuredLog } from '@lakestream/kafka';
import {
  type ChangeEvent,
  type InventoryRow,
  type RecordDecoder,
  UndecodableRecord,
} from '@lakestream/schemas';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { type StockEventSource, StockFeedError, stockEventOf } from './stock-event';

export interface KafkaStockEventsOptions {
  kafka: Kafka;
  decoder: RecordDecoder;
  /** Counts a record skipped as undecodable, by the shared decoder's code. */
  onSkipped?: (code: string) => void;
  /** The inventory ChangeEvents topic. */
  topic: string;
  /** The group id is `<prefix>-<hostname>-<pid>`: every API process reads every partition. */
  groupPrefix: string;
  log: StructuredLog;
  /** Lag and records read, under the names and labels every consumer exports (libs/kafka). */
  metrics?: ConsumerMetrics;
}

export interface KafkaStockEvents extends StockEventSource {
  /** True once the consumer joined and completed a fetch, so it reads whatever is produced next. */
  ready(): boolean;
}

const unreachable = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSRequestTimeoutError',
]);

interface KafkaJsError {
  name?: string;
  /** The Kafka protocol error, e.g. UNKNOWN_TOPIC_OR_PARTITION. */
  type?: string;
  cause?: unknown;
}

/** kafkajs wraps the error that decided the outcome (retries exceeded → connection refused). */
function causeChain(error: unknown): KafkaJsError[] {
  const chain: KafkaJsError[] = [];
  for (let e = error as KafkaJsError | undefined; e && chain.length < 8; e = e.cause as KafkaJsError)
    chain.push(e);
  return chain;
}

/** A kafkajs failure as a StockFeedError whose reason names what an operator has to fix. */
export function feedErrorOf(error: unknown, topic: string): StockFeedError {
  if (error instanceof StockFeedError) return error;
  const chain = causeChain(error);
  const reason = chain.some((e) => e.type === 'UNKNOWN_TOPIC_OR_PARTITION')
    ? `topic ${topic} does not exist`
    : chain.some((e) => unreachable.has(e.name ?? ''))
      ? 'Kafka unreachable'
      : 'the stock events consumer failed';
  return new StockFeedError(reason, { cause: error });
}

/**
 * The API's one Kafka consumer: it tails the inventory ChangeEvents (live changes only, no replay)
 * and hands each to the sink that fans out to SSE streams. Its own group, so it is no competitor of
 * the projector or another API instance; offsets are never committed, because a restarted process
 * is a new group starting at the end anyway. read_committed, so aborted transactions never reach a
 * client. kafkajs does not restart it after a crash (`restartOnFailure`): the feed supervisor
 * (stock-feed.ts) does, so there is one retry policy and one place that knows the feed's state.
 */
export function kafkaStockEvents(options: KafkaStockEventsOptions): KafkaStockEvents {
  const { kafka, decoder, topic, log } = options;
  const groupId = `${options.groupPrefix}-${hostname()}-${process.pid}`;
  let admin: Admin | undefined;
  let consumer: Consumer | undefined;
  let joined = false;
  let fetched = false;

  /** The consumer would otherwise wait in its group for a topic that never comes. */
  async function requireTopic(): Promise<void> {
    admin = kafka.admin();
    try {
      await admin.connect();
      if (!(await admin.listTopics()).includes(topic)) {
        throw new StockFeedError(`topic ${topic} does not exist`);
      }
    } catch (error) {
      throw feedErrorOf(error, topic);
    } finally {
      await admin.disconnect().catch(() => undefined);
      admin = undefined;
    }
  }

  return {
    ready: () => joined && fetched,

    async start(sink, failed) {
      await requireTopic();
      const current = kafka.consumer({
        groupId,
        readUncommitted: false,
        allowAutoTopicCreation: false,
        retry: { restartOnFailure: async () => false },
      });
      consumer = current;
      joined = false;
      fetched = false;
      let started = false;
      let crash: StockFeedError | undefined;
      current.on(current.events.GROUP_JOIN, () => {
        joined = true;
        fetched = false;
      });
      current.on(current.events.FETCH, () => {
        if (joined) fetched = true;
      });
      current.on(current.events.REBALANCING, () => {
        joined = false;
      });
      // Every fetched batch, messages or not: how far behind live this process's events are.
      current.on(current.events.END_BATCH_PROCESS, ({ payload }) => {
        const labels = { group: groupId, topic: payload.topic };
        options.metrics?.lag.set(
          { ...labels, partition: String(payload.partition) },
          Number(payload.offsetLag),
        );
        if (payload.batchSize > 0) options.metrics?.consumed.inc(labels, payload.batchSize);
      });
      current.on(current.events.CRASH, ({ payload }) => {
        joined = false;
        const error = feedErrorOf(payload.error, topic);
        if (started) failed(error);
        else crash = error;
      });
      try {
        await current.connect();
        await current.subscribe({ topics: [topic], fromBeginning: false });
        // Resolves once the consumer joined its group, or after a crash while joining (the CRASH
        // event has fired by then).
        await current.run({
          autoCommit: false,
          eachMessage: async ({ message, partition }) => {
            if (!message.value) return; // a Kafka tombstone (compaction) carries no change
            let change: ChangeEvent<InventoryRow>;
            try {
              const decoded = decoder.decode(message.value);
              change = (decoded instanceof Promise ? await decoded : decoded)
                .value as ChangeEvent<InventoryRow>;
            } catch (error) {
              // A registry outage is retried (the same record decodes once it is back). A record no
              // retry can decode is skipped and counted: this is a notification feed that every API
              // process reads, and the projector, which owns the topic, dead-letters it once.
              if (!(error instanceof UndecodableRecord)) throw error;
              options.onSkipped?.(error.code);
              log.warn(
                {
                  event: 'stock_event_undecodable',
                  topic,
                  partition,
                  offset: message.offset,
                  code: error.code,
                },
                `stock event not decodable (${error.message}); skipped`,
              );
              return;
            }
            const stock = stockEventOf(change);
            if (stock) sink(stock);
          },
        });
      } catch (error) {
        throw feedErrorOf(error, topic);
      }
      if (crash) throw crash;
      started = true;
    },

    async stop() {
      joined = false;
      await Promise.all([admin?.disconnect(), consumer?.disconnect()].map((p) => p?.catch(() => undefined)));
    },
  };
}
