import type { TopicSpec } from '@lakestream/schemas';
import { type Admin, ConfigResourceTypes, ConfigSource, Kafka, logLevel } from 'kafkajs';
import type { ClusterTopic, ConfigChange } from './plan';

/**
 * Everything `topics` asks of Kafka, behind one small interface so the client can be swapped in one
 * place (docs/decisions/0001-kafka-client.md) and apply can be tested without a broker.
 */
export interface TopicsAdmin {
  /** The named topics that exist, plus every existing topic under one of the prefixes. */
  describeTopics(select: { names: readonly string[]; prefixes: readonly string[] }): Promise<ClusterTopic[]>;
  create(topic: TopicSpec): Promise<void>;
  addPartitions(topic: string, count: number): Promise<void>;
  alterConfigs(topic: string, changes: readonly ConfigChange[]): Promise<void>;
  delete(topic: string): Promise<void>;
  close(): Promise<void>;
}

export class ConcurrentChangeError extends Error {
  constructor(topic: string, name: string, expected: string | undefined, found: string | undefined) {
    super(
      `${topic}: ${name} is ${found ?? '(default)'}, not ${expected ?? '(default)'} as when planned; someone changed it meanwhile, run apply again`,
    );
    this.name = 'ConcurrentChangeError';
  }
}

/**
 * The full set of topic overrides to send with a non-incremental AlterConfigs: the current overrides
 * with the changes applied (`to: undefined` drops the override, so the broker default applies again).
 * Refuses if a changed key no longer holds the value the plan saw.
 */
export function mergeOverrides(
  topic: string,
  current: Readonly<Record<string, string>>,
  changes: readonly ConfigChange[],
): Record<string, string> {
  const merged: Record<string, string> = { ...current };
  for (const { name, from, to } of changes) {
    if (merged[name] !== from) throw new ConcurrentChangeError(topic, name, from, merged[name]);
    if (to === undefined) delete merged[name];
    else merged[name] = to;
  }
  return merged;
}

/** kafkajs puts the useful part (the broker's error type per topic) in nested fields, not the message. */
export function kafkaErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.length > 0) {
    return `${error.message}: ${nested.map((e) => kafkaErrorMessage(e)).join('; ')}`;
  }
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' && !error.message.includes(type)
    ? `${error.message} (${type})`
    : error.message;
}

export async function connectTopicsAdmin(brokers: readonly string[]): Promise<TopicsAdmin> {
  const admin = new Kafka({
    clientId: 'lakestream-topics',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 100, retries: 5 },
  }).admin();
  await admin.connect();
  return kafkajsTopicsAdmin(admin);
}

async function topicOverrides(
  admin: Admin,
  names: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  // TOPIC_CONFIG is an override set on the topic itself; every other source is a broker-wide value
  // the topic inherits, which apply neither compares against nor writes back.
  return new Map(
    described.resources.map((r) => [
      r.resourceName,
      Object.fromEntries(
        r.configEntries
          .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG && e.configValue !== null)
          .map((e) => [e.configName, e.configValue]),
      ),
    ]),
  );
}

function kafkajsTopicsAdmin(admin: Admin): TopicsAdmin {
  return {
    async describeTopics({ names, prefixes }) {
      const wanted = new Set(names);
      const existing = (await admin.listTopics())
        .filter((name) => wanted.has(name) || prefixes.some((p) => name.startsWith(p)))
        .sort();
      // An empty list would make kafkajs fetch metadata for every topic in the cluster.
      if (existing.length === 0) return [];
      const { topics } = await admin.fetchTopicMetadata({ topics: existing });
      const overrides = await topicOverrides(admin, existing);
      return topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.length,
        replicationFactor: t.partitions[0]?.replicas.length ?? 0,
        config: overrides.get(t.name) ?? {},
      }));
    },

    async create({ name, partitions, replicationFactor, config }) {
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: name,
            numPartitions: partitions,
            replicationFactor,
            configEntries: Object.entries(config).map(([k, v]) => ({ name: k, value: v })),
          },
        ],
      });
      // kafkajs answers false, not an error, when the topic exists (TOPIC_ALREADY_EXISTS).
      if (!created) throw new Error(`${name} already exists (created by someone else since the plan)`);
    },

    async addPartitions(topic, count) {
      await admin.createPartitions({ topicPartitions: [{ topic, count }] });
    },

    // kafkajs 2.2.4 has only the original AlterConfigs (API key 33), not IncrementalAlterConfigs
    // (KIP-339). AlterConfigs *replaces* a topic's overrides with the set sent, resetting any key left
    // out. So read the topic's overrides right before writing and send them all back, changed only in
    // the managed keys: overrides set outside the catalog survive. The read and the write are not
    // atomic; mergeOverrides refuses if a managed key moved since the plan, narrowing that window.
    async alterConfigs(topic, changes) {
      const current = (await topicOverrides(admin, [topic])).get(topic) ?? {};
      const merged = mergeOverrides(topic, current, changes);
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configEntries: Object.entries(merged).map(([name, value]) => ({ name, value })),
          },
        ],
      });
    },

    async delete(topic) {
      await admin.deleteTopics({ topics: [topic] });
    },

    close: () => admin.disconnect(),
  };
}
