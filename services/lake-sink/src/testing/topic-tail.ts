import { uniqueName } from '@lakestream/stack';
import type { Kafka } from 'kafkajs';

/** One record as a read_committed reader of the input topic sees it. */
export interface SeenRecord {
  partition: number;
  offset: bigint;
  key: string;
}

export interface TopicTail {
  /** Every record seen so far, in partition order. */
  records(): SeenRecord[];
  /** Per partition, the highest offset seen so far. */
  highest(): Map<number, bigint>;
  /** Per partition, the offset the tail has read up to, commit markers included (what a sink's offsets cover). */
  through(): Map<number, bigint>;
  count(): number;
  stop(): Promise<void>;
}

/**
 * Follows a topic from its beginning as a read_committed consumer (what the sink is), so a test
 * knows which offsets hold committed records: a transactional producer's topic also has offsets
 * taken by commit markers, which no consumer ever sees and no table can hold.
 */
export async function tailTopic(kafka: Kafka, topic: string): Promise<TopicTail> {
  const byPartition = new Map<number, SeenRecord[]>();
  const through = new Map<number, bigint>();
  const consumer = kafka.consumer({
    groupId: uniqueName('lake-sink-tail'),
    readUncommitted: false,
    // Short long-polls: the tail keeps up closely, and stopping does not wait 5 s for a fetch.
    maxWaitTimeInMs: 250,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      // kafkajs hands over a batch of only commit markers too; its last offset is the last marker's.
      const next = BigInt(batch.lastOffset()) + 1n;
      if (next > (through.get(batch.partition) ?? 0n)) through.set(batch.partition, next);
      const seen = byPartition.get(batch.partition) ?? [];
      byPartition.set(batch.partition, seen);
      const last = seen.at(-1)?.offset ?? -1n;
      for (const message of batch.messages) {
        const offset = BigInt(message.offset);
        // A refetch after a rebalance of this private group repeats what was seen; keep it once.
        if (offset > last)
          seen.push({ partition: batch.partition, offset, key: message.key?.toString() ?? '' });
      }
    },
  });
  return {
    records: () => [...byPartition.values()].flat(),
    highest: () =>
      new Map(
        [...byPartition].flatMap(([p, seen]) => {
          const last = seen.at(-1);
          return last ? [[p, last.offset] as const] : [];
        }),
      ),
    through: () => new Map(through),
    count: () => [...byPartition.values()].reduce((n, seen) => n + seen.length, 0),
    stop: () => consumer.disconnect(),
  };
}
