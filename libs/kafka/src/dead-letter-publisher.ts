import type { WarehouseStorage } from '@lakestream/storage';
import type { Kafka, Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import { byTopic, chunksBySize } from './chunks';
import type { StructuredLog } from './client';
import { describeTopicLimits } from './describe-limits';
import { isTooLarge } from './errors';
import type { OutgoingRecord } from './exactly-once';
import { oversizeMetrics } from './metrics';
import { fitDeadLetter, type Oversize } from './oversize';
import { recordSize } from './record-size';
import { topicLimits } from './topic-limits';

export interface DeadLetterPublisherOptions {
  /** For reading the dead-letter topic's `max.message.bytes`. */
  kafka: Kafka;
  topic: string;
  /** Rooted at the claim-check location (`CLAIM_CHECK_LOCATION`). */
  claimChecks: WarehouseStorage;
  /** The topic's limit instead of the cluster's (`KAFKA_MAX_MESSAGE_BYTES`). */
  maxMessageBytes?: number | undefined;
  log: StructuredLog;
  metricsRegistry: Registry;
}

export interface DeadLetterPublisher {
  /** Reads the dead-letter topic's limit: at start, so a cluster that will not say fails the start. */
  prepare(): Promise<void>;
  /**
   * Sends dead letters without a transaction (at least once), each as it is if the topic accepts
   * its size, else as its claim check. Throws only what a retry may cure: a broker or store outage.
   */
  publish(producer: Producer, letters: OutgoingRecord[]): Promise<void>;
}

/** Dead letters for consumers that commit offsets themselves (lake-sink, the projector). */
export function deadLetterPublisher(options: DeadLetterPublisherOptions): DeadLetterPublisher {
  const limits = topicLimits({
    describe: describeTopicLimits(options.kafka),
    override: options.maxMessageBytes,
  });
  const oversize: Oversize = {
    limits,
    claimChecks: options.claimChecks,
    log: options.log,
    metrics: oversizeMetrics(options.metricsRegistry),
  };

  const send = (producer: Producer, letters: OutgoingRecord[]) =>
    producer.sendBatch({ topicMessages: byTopic(letters), acks: -1 });

  /** After a refused chunk: one at a time, and one the broker still refuses goes as its claim check. */
  async function sendAlone(producer: Producer, letter: OutgoingRecord) {
    const fitted = await fitDeadLetter(letter, oversize);
    try {
      await send(producer, [fitted]);
    } catch (error) {
      if (!isTooLarge(error)) throw error;
      limits.refused(fitted.topic, recordSize(fitted));
      options.log.warn(
        { event: 'refused_too_large', topic: fitted.topic, bytes: recordSize(fitted) },
        'the broker refused a dead letter as too large; sending its claim check',
      );
      await send(producer, [await fitDeadLetter(letter, oversize)]);
    }
  }

  return {
    prepare: () => limits.load([options.topic]),

    async publish(producer, letters) {
      if (letters.length === 0) return;
      const fitted = await Promise.all(letters.map((letter) => fitDeadLetter(letter, oversize)));
      const original = new Map(fitted.map((f, i) => [f, letters[i] as OutgoingRecord]));
      for (const chunk of chunksBySize(fitted, limits.smallest())) {
        try {
          await send(producer, chunk);
        } catch (error) {
          if (!isTooLarge(error)) throw error;
          // Part of the chunk may have gone out: dead letters are at least once.
          for (const letter of chunk) await sendAlone(producer, original.get(letter) ?? letter);
        }
      }
    },
  };
}
