import type { Admin, Kafka, KafkaMessage } from 'kafkajs';

export interface ReadToEndOptions {
  /** The reader's group: a fresh one, since it commits nothing and starts at the beginning. */
  groupId: string;
  timeoutMs: number;
  /** Called at most once a second with the records read so far. */
  onProgress?: (read: number, total: bigint) => void;
}

/**
 * Every record of a topic as a read_committed consumer sees it, in offset order per partition, up to
 * the partition ends at the call. Transaction markers take offsets no record has, so counting records
 * cannot tell the end; and a fetch holding only markers (or aborted records) never reaches eachBatch
 * (kafkajs resolves it itself), so the end is told by the batch-processed event every fetch raises.
 */
export async function readToEnd(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  onRecord: (partition: number, message: KafkaMessage) => void,
  options: ReadToEndOptions,
): Promise<Map<number, bigint>> {
  const ends = new Map(
    (await admin.fetchTopicOffsets(topic)).map((p) => [
      p.partition,
      { low: BigInt(p.low), high: BigInt(p.high) },
    ]),
  );
  const total = [...ends.values()].reduce((n, e) => n + e.high - e.low, 0n);
  const reached = new Map<number, bigint>();
  const done = () => [...ends].every(([p, e]) => e.high === e.low || (reached.get(p) ?? -1n) >= e.high - 1n);
  const highs = new Map([...ends].map(([p, e]) => [p, e.high]));
  if (done()) return highs;
  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 250, readUncommitted: false });
  let read = 0;
  const given = new Map<number, bigint>();
  let shown = Date.now();
  let finished: () => void = () => undefined;
  const end = new Promise<void>((resolve) => {
    finished = resolve;
  });
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.topic !== topic) return;
    reached.set(payload.partition, BigInt(payload.lastOffset));
    if (done()) finished();
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const high = highs.get(batch.partition) ?? 0n;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset >= high) break;
          // kafkajs restarts a consumer after a retriable error from its last commit (none here):
          // each record is given once, in order.
          if (offset <= (given.get(batch.partition) ?? -1n)) continue;
          given.set(batch.partition, offset);
          onRecord(batch.partition, message);
          read += 1;
        }
        if (options.onProgress && Date.now() - shown >= 1_000) {
          shown = Date.now();
          options.onProgress(read, total);
        }
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `${topic} not read to its end in ${options.timeoutMs} ms: at ${JSON.stringify([...reached].map(([p, o]) => [p, String(o)]))}, ends ${JSON.stringify([...highs].map(([p, o]) => [p, String(o)]))}`,
            ),
          ),
        options.timeoutMs,
      );
    });
    try {
      await Promise.race([end, deadline]);
    } finally {
      clearTimeout(timer);
    }
    options.onProgress?.(read, total);
    return highs;
  } finally {
    await consumer.disconnect();
  }
}
