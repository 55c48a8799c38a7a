import { hostname } from 'node:os';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { StructuredLog } from '@lakestream/kafka';
import type { ChangeEvent, InventoryRow } from '@lakestream/schemas';
import type { Consumer, Kafka } from 'kafkajs';
import { type StockEventSource, stockEventOf, type TenantStockEvent } from './stock-event';

export interface KafkaStockEventsOptions {
  kafka: Kafka;
  registry: SchemaRegistry;
  /** The inventory ChangeEvents topic. */
  topic: string;
  /** The group id is `<prefix>-<hostname>-<pid>`: every API process reads every partition. */
  groupPrefix: string;
  log: StructuredLog;
}

export interface KafkaStockEvents extends StockEventSource {
  /** True once the consumer joined and completed a fetch, so it reads whatever is produced next. */
  ready(): boolean;
  /** Resolves when the consumer crashed and will not restart (fatal for the process). */
  crashed: Promise<Error>;
}

/**
 * The API's one Kafka consumer: it tails the inventory ChangeEvents (live changes only, no replay)
 * and hands each to the sink that fans out to SSE streams. Its own group, so it is no competitor of
 * the projector or another API instance; offsets are never committed, because a restarted process
 * is a new group starting at the end anyway. read_committed, so aborted transactions never reach a
 * client.
 */
export function kafkaStockEvents(options: KafkaStockEventsOptions): KafkaStockEvents {
  const { kafka, registry, topic, log } = options;
  const groupId = `${options.groupPrefix}-${hostname()}-${process.pid}`;
  let consumer: Consumer | undefined;
  let joined = false;
  let fetched = false;
  let reportCrash: (error: Error) => void = () => undefined;
  const crashed = new Promise<Error>((resolve) => {
    reportCrash = resolve;
  });

  return {
    crashed,
    ready: () => joined && fetched,

    async start(sink: (change: TenantStockEvent) => void) {
      consumer = kafka.consumer({ groupId, readUncommitted: false, allowAutoTopicCreation: false });
      consumer.on(consumer.events.GROUP_JOIN, () => {
        joined = true;
        fetched = false;
      });
      consumer.on(consumer.events.FETCH, () => {
        if (joined) fetched = true;
      });
      consumer.on(consumer.events.REBALANCING, () => {
        joined = false;
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        log.error({ err: payload.error, restart: payload.restart }, 'stock events consumer crashed');
        if (!payload.restart) reportCrash(payload.error);
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: false });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ message, partition }) => {
          if (!message.value) return; // a Kafka tombstone (compaction) carries no change
          let change: ChangeEvent<InventoryRow>;
          try {
            change = (await registry.decode(message.value)) as ChangeEvent<InventoryRow>;
          } catch (error) {
            // A notification feed, not a projection: one undecodable record is skipped, not retried.
            log.warn(
              { event: 'stock_event_undecodable', topic, partition, offset: message.offset, err: error },
              'stock event not decodable; skipped',
            );
            return;
          }
          const stock = stockEventOf(change);
          if (stock) sink(stock);
        },
      });
    },

    async stop() {
      await consumer?.disconnect();
    },
  };
}
