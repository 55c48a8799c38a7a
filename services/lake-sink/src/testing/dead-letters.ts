import { dlqHeader } from '@lakestream/kafka';
import { uniqueName, waitFor } from '@lakestream/stack';
import type { Kafka } from 'kafkajs';

/** A dead letter as a test checks it: the shared headers, and the record's bytes untouched. */
export interface DeadLetterSeen {
  code?: string;
  reason?: string;
  stage?: string;
  table?: string;
  sourceOffset?: string;
  value: Buffer | null;
}

/**
 * Every record on the dead-letter topic now: its end offsets are read first, then it is consumed
 * from the beginning until every partition reached them, so a duplicate would be seen, not missed.
 */
export async function allDeadLetters(kafka: Kafka, topic: string): Promise<DeadLetterSeen[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const expected = ends.reduce((n, e) => n + Number(e.high) - Number(e.low), 0);
  const seen: DeadLetterSeen[] = [];
  if (expected === 0) return seen;
  const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader'), maxWaitTimeInMs: 250 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const header = (name: string) => message.headers?.[name]?.toString();
        seen.push({
          code: header(dlqHeader.code),
          reason: header(dlqHeader.reason),
          stage: header(dlqHeader.stage),
          table: header(dlqHeader.table),
          sourceOffset: header(dlqHeader.sourceOffset),
          value: message.value,
        });
      },
    });
    await waitFor(() => seen.length >= expected, { what: `${expected} dead letters`, timeoutMs: 30_000 });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
