import { type PartitionAdmin, partitionCounts } from './partitions';

/** An admin client double: the topics it knows, with their partition counts, and what it was asked. */
function admin(topics: Record<string, number>) {
  const calls: string[] = [];
  const client: PartitionAdmin = {
    connect: async () => void calls.push('connect'),
    disconnect: async () => void calls.push('disconnect'),
    listTopics: async () => {
      calls.push('list');
      return Object.keys(topics);
    },
    createTopics: async ({ topics: created }) => {
      for (const { topic } of created) {
        calls.push(`create ${topic}`);
        topics[topic] = 3;
      }
      return true;
    },
    fetchTopicMetadata: async ({ topics: asked = [] } = { topics: [] }) => {
      calls.push(`metadata ${asked.join(',')}`);
      return {
        topics: asked.map((name) => ({
          name,
          partitions: Array.from({ length: topics[name] ?? 0 }, (_, partitionId) => ({
            partitionId,
            leader: 1,
            replicas: [1],
            isr: [1],
            offlineReplicas: [],
            partitionErrorCode: 0,
          })),
        })),
      };
    },
  };
  return { client, calls, topics };
}

describe('partitionCounts', () => {
  it('asks the cluster once, connecting only then, and trusts the count for maxAgeMs', async () => {
    const { client, calls, topics } = admin({ 'changes.orders': 6 });
    let clock = 0;
    const counts = partitionCounts(client, { maxAgeMs: 1000, now: () => clock });
    expect(calls).toEqual([]);
    expect(await counts.of('changes.orders')).toBe(6);
    expect(await counts.of('changes.orders')).toBe(6);
    expect(calls).toEqual(['connect', 'list', 'metadata changes.orders']);

    // The topic grew (topics apply added partitions): seen once the count is older than maxAgeMs.
    topics['changes.orders'] = 12;
    clock = 999;
    expect(await counts.of('changes.orders')).toBe(6);
    clock = 1000;
    expect(await counts.of('changes.orders')).toBe(12);
    await counts.close();
    expect(calls.at(-1)).toBe('disconnect');
  });

  it('creates a missing topic with the broker defaults, as the producer would', async () => {
    const { client, calls } = admin({});
    const counts = partitionCounts(client);
    expect(await counts.of('changes.fresh')).toBe(3);
    expect(calls).toEqual(['connect', 'list', 'create changes.fresh', 'metadata changes.fresh']);
  });

  it('closes without connecting when never used', async () => {
    const { client, calls } = admin({});
    await partitionCounts(client).close();
    expect(calls).toEqual([]);
  });
});
