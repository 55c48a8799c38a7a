import type { Kafka } from 'kafkajs';

/**
 * Commits the current end of `topics` as `groupId`'s offsets, so a service started in that group
 * consumes only what is written from now on. A member of the group commits them and leaves:
 * kafkajs' admin.setOffsets runs a consumer until its first fetch returns, 5 s at a topic's end,
 * and admin.resetOffsets commits -1, which a consumer reads as "no offset" (so from the beginning).
 */
export async function startGroupAtEnd(kafka: Kafka, groupId: string, topics: readonly string[]) {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await Promise.all(
    topics.map(async (topic) => ({ topic, ends: await admin.fetchTopicOffsets(topic) })),
  ).finally(() => admin.disconnect());
  // A short fetch wait: leaving waits for the fetch in flight, which at a topic's end long-polls.
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    const joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    });
    await consumer.subscribe({ topics: [...topics], fromBeginning: false });
    // Nothing is resolved and autoCommit is off: the only offsets committed are the ones below.
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    await joined;
    await consumer.commitOffsets(
      ends.flatMap(({ topic, ends }) => ends.map((e) => ({ topic, partition: e.partition, offset: e.high }))),
    );
  } finally {
    await consumer.disconnect();
  }
}
