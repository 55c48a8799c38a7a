import type { Producer, TopicOffsets } from 'kafkajs';
import { byTopic, chunksBySize } from './chunks';
import type { StructuredLog } from './client';
import { isTooLarge } from './errors';
import type { OutgoingRecord } from './exactly-once';

/** The broker refused this one record as too large, though its size was thought to fit. */
export class RefusedRecord extends Error {
  constructor(
    readonly record: OutgoingRecord,
    cause: unknown,
  ) {
    super(`the broker refused a record for ${record.topic} as too large`, { cause });
    this.name = 'RefusedRecord';
  }
}

export interface TransactionPlan {
  outputs: OutgoingRecord[];
  offsets: { consumerGroupId: string; topics: TopicOffsets[] };
  /** Bytes per send; below every output topic's limit. */
  chunkBytes: number;
  /**
   * One record per send, so that a refusal names its record (kafkajs reports a produce error without
   * its partition). Only after a chunk was refused: it costs a round trip per record.
   */
  oneByOne: boolean;
}

/**
 * Moves the group past input offsets that hold nothing to process (transaction markers), in a
 * transaction of their own so that a fenced producer cannot.
 */
export async function commitOffsetsOnly(
  producer: Producer,
  offsets: TransactionPlan['offsets'],
  log: StructuredLog,
): Promise<void> {
  const transaction = await producer.transaction();
  try {
    await transaction.sendOffsets(offsets);
    await transaction.commit();
  } catch (error) {
    await transaction.abort().catch((abortError: Error) => log.warn({ err: abortError }, 'abort failed'));
    throw error;
  }
}

/**
 * Sends the outputs and the input offsets after them in one transaction (KIP-98
 * `sendOffsetsToTransaction`) and commits it; on any failure the transaction is aborted and the
 * error thrown, a refusal of one record sent alone as a `RefusedRecord`.
 */
export async function commitInTransaction(
  producer: Producer,
  plan: TransactionPlan,
  log: StructuredLog,
): Promise<void> {
  const transaction = await producer.transaction();
  try {
    if (plan.oneByOne) {
      for (const output of plan.outputs) {
        const { topic, key, value, headers, partition } = output;
        const message =
          partition === undefined ? { key, value, headers } : { key, value, headers, partition };
        try {
          await transaction.send({ topic, messages: [message], acks: -1 });
        } catch (error) {
          throw isTooLarge(error) ? new RefusedRecord(output, error) : error;
        }
      }
    } else {
      for (const chunk of chunksBySize(plan.outputs, plan.chunkBytes)) {
        await transaction.sendBatch({ topicMessages: byTopic(chunk), acks: -1 });
      }
    }
    await transaction.sendOffsets(plan.offsets);
    await transaction.commit();
  } catch (error) {
    await transaction.abort().catch((abortError: Error) => log.warn({ err: abortError }, 'abort failed'));
    throw error;
  }
}
