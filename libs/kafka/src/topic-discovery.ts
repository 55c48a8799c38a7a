import type { StructuredLog } from './client';

/** The topics of a listing that a subscription's patterns match. */
export function matchedTopics(patterns: readonly RegExp[], topics: readonly string[]): string[] {
  // A global or sticky RegExp keeps lastIndex between test() calls; a fresh copy per topic does not.
  return topics.filter((topic) =>
    patterns.some((pattern) => new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).test(topic)),
  );
}

export interface TopicDiscoveryOptions {
  patterns: readonly RegExp[];
  /** The topic names the cluster has now. */
  list: () => Promise<string[]>;
  /** Called, one call at a time, with topics that match now and did not before. */
  discovered: (topics: string[]) => Promise<void>;
  everyMs: number;
  log: StructuredLog;
}

export interface TopicDiscovery {
  /** Notes what matches now (before subscribing), then looks again every `everyMs`. */
  start(): Promise<void>;
  /** No look starts after this; resolves once a look (and its `discovered`) in progress ended. */
  stop(): Promise<void>;
}

/**
 * kafkajs resolves a RegExp subscription once, at `subscribe()`: a topic created afterwards — a
 * table Debezium starts capturing, or a snapshot still creating its topics when the service
 * started — would never be read until a restart. This looks at the topic list on an interval and
 * says which topics have come to match.
 */
export function topicDiscovery(options: TopicDiscoveryOptions): TopicDiscovery {
  const known = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<void> = Promise.resolve();
  let stopped = false;

  async function look() {
    try {
      const fresh = matchedTopics(options.patterns, await options.list()).filter((t) => !known.has(t));
      if (fresh.length === 0 || stopped) return;
      await options.discovered(fresh);
      for (const topic of fresh) known.add(topic);
    } catch (error) {
      options.log.warn(
        { event: 'topic_discovery_failed', err: error },
        'listing topics failed; trying again',
      );
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      looking = look().then(schedule);
    }, options.everyMs);
    timer.unref();
  }

  return {
    async start() {
      for (const topic of matchedTopics(options.patterns, await options.list())) known.add(topic);
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await looking;
    },
  };
}
