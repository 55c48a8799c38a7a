import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import type { DescribeLimits } from './topic-limits';

/**
 * Reads `max.message.bytes` of the topics that exist and the broker's `message.max.bytes` (what a
 * topic created later gets) with DescribeConfigs. Topics that do not exist are left out: the
 * broker answers the whole request with UNKNOWN_TOPIC_OR_PARTITION if one is among them.
 */
export function describeTopicLimits(kafka: Kafka): DescribeLimits {
  return async (topics) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const { brokers, controller } = await admin.describeCluster();
      const broker = brokers.find((b) => b.nodeId === controller) ?? brokers[0];
      if (!broker) throw new Error('the cluster named no broker to read message.max.bytes from');
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          {
            type: ConfigResourceTypes.BROKER,
            name: String(broker.nodeId),
            configNames: ['message.max.bytes'],
          },
          ...topics
            .filter((topic) => existing.has(topic))
            .map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['max.message.bytes'] })),
        ],
      });
      const found = new Map<string, number>();
      let brokerDefault: number | undefined;
      for (const resource of resources) {
        const value = Number(resource.configEntries[0]?.configValue);
        if (!Number.isSafeInteger(value) || value <= 0) continue;
        if (resource.resourceType === ConfigResourceTypes.BROKER) brokerDefault = value;
        else found.set(resource.resourceName, value);
      }
      if (brokerDefault === undefined) throw new Error('the broker did not say its message.max.bytes');
      return { topics: found, brokerDefault };
    } finally {
      await admin.disconnect();
    }
  };
}
