import type { Admin } from 'kafkajs';

/**
 * True when the group has committed up to the end of every partition of `topics` that holds
 * records: it has worked off everything written so far.
 */
export async function groupCaughtUp(admin: Admin, groupId: string, topics: string[]): Promise<boolean> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  for (const { topic, partitions } of committed) {
    for (const end of await admin.fetchTopicOffsets(topic)) {
      const at = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
      if (Number(end.high) > 0 && Number(at) < Number(end.high)) return false;
    }
  }
  return true;
}
