import type { Kafka } from 'kafkajs';

/**
 * How many partitions each topic has, asked of the broker once per topic. A sink applying a source
 * truncate needs it to tell which keys a partition holds (keyPartition); a topic that grew is asked
 * again after `forget`.
 */
export function partitionCounts(kafka: Kafka) {
  const known = new Map<string, Promise<number>>();
  async function ask(topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      const count = metadata?.partitions.length ?? 0;
      if (count < 1) throw new Error(`topic ${topic} has no partitions`);
      return count;
    } finally {
      await admin.disconnect();
    }
  }
  return {
    of(topic: string): Promise<number> {
      let count = known.get(topic);
      if (!count) {
        count = ask(topic);
        // A failed lookup is not remembered: the retried batch asks again.
        count.catch(() => known.delete(topic));
        known.set(topic, count);
      }
      return count;
    },
    forget(topic: string) {
      known.delete(topic);
    },
  };
}
