import type { StructuredLog } from '@lakestream/runtime';
import { Kafka, type LogEntry, logLevel } from 'kafkajs';

export type { StructuredLog };

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  log: StructuredLog;
}

/**
 * One place that builds the client, so a measured switch away from kafkajs (unmaintained since
 * 2.2.4; see docs/decisions/0001-kafka-client.md) touches this package only.
 */
export function connectKafka({ brokers, clientId, log }: KafkaConnection): Kafka {
  return new Kafka({
    brokers,
    clientId,
    // Back-to-back transactions otherwise wait ~300 ms on "concurrent transactions" retries.
    retry: { initialRetryTime: 20, retries: 10 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, label, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        const record = { kafka: rest, kafkaLevel: label };
        // The broker answers CONCURRENT_TRANSACTIONS while it still finishes the previous commit;
        // kafkajs retries it by design (docs/decisions/0001), so it is not an error worth a line.
        if (
          `${message} ${String(rest.error ?? '')}`.includes(
            'another concurrent operation on the same transaction',
          )
        ) {
          log.debug(record, message);
        } else if (level === logLevel.ERROR) log.error(record, message);
        else if (level === logLevel.WARN) log.warn(record, message);
        else if (level === logLevel.INFO) log.info(record, message);
        else log.debug(record, message);
      },
  });
}
