import { uniqueName } from '@lakestream/stack';
import type { Kafka } from 'kafkajs';

/** A dead letter as a test reads it: the shared headers (libs/kafka dead-letter.ts) and the value. */
export interface SeenDeadLetter {
  code: string | undefined;
  stage: string | undefined;
  reason: string | undefined;
  sourceTopic: string | undefined;
  sourceOffset: string | undefined;
  claimCheck: string | undefined;
  value: Buffer | null;
}

const header = (headers: Record<string, unknown> | undefined, name: string) => {
  const value = headers?.[name];
  return value === undefined ? undefined : String(value);
};

/**
 * Reads a dead-letter topic from its beginning until `count` records are there (or the deadline
 * passes: the waiting is the assertion's), then stops.
 */
export async function readDeadLetters(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 60_000,
): Promise<SeenDeadLetter[]> {
  const seen: SeenDeadLetter[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader'), maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let reached: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => {
    reached = resolve;
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const h = message.headers as Record<string, unknown> | undefined;
      seen.push({
        code: header(h, 'lakestream.dlq.code'),
        stage: header(h, 'lakestream.dlq.stage'),
        reason: header(h, 'lakestream.dlq.reason'),
        sourceTopic: header(h, 'lakestream.dlq.source.topic'),
        sourceOffset: header(h, 'lakestream.dlq.source.offset'),
        claimCheck: header(h, 'lakestream.dlq.claim-check'),
        value: message.value,
      });
      if (seen.length >= count) reached();
    },
  });
  const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
  await Promise.race([enough, timer]);
  await consumer.disconnect();
  return seen;
}
