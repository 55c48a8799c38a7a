/** Kafka's own default for `message.max.bytes` (1 MiB + 12), used before anything was read. */
export const kafkaDefaultMaxMessageBytes = 1_048_588;

/** What the cluster says: the limits of the topics that exist, and the one new topics get. */
export interface DescribedLimits {
  topics: ReadonlyMap<string, number>;
  brokerDefault: number;
}

export type DescribeLimits = (topics: string[]) => Promise<DescribedLimits>;

/** The most bytes one record batch to a topic may hold (its `max.message.bytes`). */
export interface TopicLimits {
  of(topic: string): Promise<number>;
  /** Reads these topics' limits now: at start, so a cluster that will not say fails the start. */
  load(topics: string[]): Promise<void>;
  /** The broker refused `bytes` to `topic` as too large: the limit is below that, whatever was read. */
  refused(topic: string, bytes: number): void;
  /** The smallest limit known: sends that mix topics are chunked below it. */
  smallest(): number;
}

/**
 * Topic limits read from the cluster once per topic, or one `override` for every topic (a cluster
 * that does not grant DescribeConfigs). A topic that does not exist yet gets the broker default,
 * which is what auto-creation gives it, and is asked about again next time, once it exists.
 */
export function topicLimits(options: {
  describe: DescribeLimits;
  override?: number | undefined;
}): TopicLimits {
  const { describe, override } = options;
  const known = new Map<string, number>();
  const asking = new Map<string, Promise<number>>();
  let brokerDefault: number | undefined;

  const ask = (topics: string[]): Promise<number>[] => {
    const missing = topics.filter((t) => !known.has(t) && !asking.has(t));
    if (missing.length > 0) {
      const described = describe(missing).then((found) => {
        brokerDefault = found.brokerDefault;
        for (const [topic, limit] of found.topics) known.set(topic, limit);
        return found;
      });
      for (const topic of missing) {
        const limit = described.then((found) => found.topics.get(topic) ?? found.brokerDefault);
        asking.set(topic, limit);
        // Asked once: a failure is asked again by the retried batch, a missing topic once it exists.
        void limit.then(
          () => asking.delete(topic),
          () => asking.delete(topic),
        );
      }
    }
    return topics.map((t) => {
      const limit = known.get(t);
      return limit !== undefined ? Promise.resolve(limit) : (asking.get(t) as Promise<number>);
    });
  };

  return {
    async of(topic) {
      if (override !== undefined) return Math.min(override, known.get(topic) ?? override);
      const [limit] = ask([topic]);
      return limit as Promise<number>;
    },
    async load(topics) {
      if (override !== undefined) return;
      await Promise.all(ask(topics));
    },
    refused(topic, bytes) {
      const current = known.get(topic) ?? override ?? brokerDefault ?? kafkaDefaultMaxMessageBytes;
      known.set(topic, Math.min(current, bytes - 1));
    },
    smallest() {
      const limits = [...known.values()];
      if (override !== undefined) limits.push(override);
      if (brokerDefault !== undefined) limits.push(brokerDefault);
      return limits.length > 0 ? Math.min(...limits) : kafkaDefaultMaxMessageBytes;
    },
  };
}
