import type { Admin } from 'kafkajs';

/** The subset of the kafkajs admin client that partition counting uses. */
export type PartitionAdmin = Pick<
  Admin,
  'connect' | 'disconnect' | 'listTopics' | 'fetchTopicMetadata' | 'createTopics'
>;

export interface PartitionCounts {
  /** How many partitions `topic` has, as the cluster said at most `maxAgeMs` ago. */
  of(topic: string): Promise<number>;
  close(): Promise<void>;
}

export interface PartitionCountOptions {
  /**
   * How long a count is trusted. Partitions are only ever added (`topics apply` growing a topic),
   * and a truncate must reach every one of them, so a count is asked again after this long rather
   * than kept for the life of the process; truncates are rare, so asking costs nothing measurable.
   */
  maxAgeMs?: number;
  now?: () => number;
  log?: { warn(fields: object, message: string): void };
}

/**
 * The partition count of each changes topic, from the cluster's metadata, cached. The admin client
 * connects on first use: only a truncate (one ChangeEvent per partition) needs it. A topic that does
 * not exist yet is created with the broker's defaults, as the producer's own auto-creation would do
 * when the truncate's first partition is written (`lakestream topics apply` normally made it).
 * Errors are thrown: the batch is consumed again, as for any outage.
 */
export function partitionCounts(admin: PartitionAdmin, options: PartitionCountOptions = {}): PartitionCounts {
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const now = options.now ?? Date.now;
  const known = new Map<string, { count: number; at: number }>();
  let connected: Promise<void> | undefined;

  async function ask(topic: string): Promise<number> {
    connected ??= admin.connect().catch((error: unknown) => {
      connected = undefined;
      throw error;
    });
    await connected;
    if (!(await admin.listTopics()).includes(topic)) {
      options.log?.warn({ topic }, 'changes topic missing for a truncate; creating it with broker defaults');
      await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
    }
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const count = topics.find((t) => t.name === topic)?.partitions.length ?? 0;
    if (count === 0) throw new Error(`the cluster reports no partitions for ${topic}`);
    return count;
  }

  return {
    async of(topic) {
      const cached = known.get(topic);
      if (cached && now() - cached.at < maxAgeMs) return cached.count;
      const count = await ask(topic);
      known.set(topic, { count, at: now() });
      return count;
    },
    async close() {
      if (connected) await connected.then(() => admin.disconnect()).catch(() => undefined);
    },
  };
}
