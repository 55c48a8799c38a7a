import type { Message } from 'kafkajs';
import type { OutgoingRecord } from './exactly-once';
import { recordSize } from './record-size';

/**
 * Splits records so that no chunk weighs more than `limit` (each record counted as `recordSize`
 * counts it). kafkajs puts a whole send for one partition into one record batch, and the broker
 * refuses a batch above the topic's `max.message.bytes` on every retry; a record above the limit on
 * its own travels alone (whether it may travel at all is decided before, against its own topic).
 */
export function chunksBySize(records: OutgoingRecord[], limit: number): OutgoingRecord[][] {
  const chunks: OutgoingRecord[][] = [];
  let current: OutgoingRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = recordSize(record);
    if (current.length > 0 && bytes + size > limit) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function byTopic(outputs: OutgoingRecord[]): { topic: string; messages: Message[] }[] {
  const grouped = new Map<string, Message[]>();
  for (const { topic, key, value, headers, partition } of outputs) {
    const messages = grouped.get(topic) ?? [];
    messages.push(partition === undefined ? { key, value, headers } : { key, value, headers, partition });
    grouped.set(topic, messages);
  }
  return [...grouped].map(([topic, messages]) => ({ topic, messages }));
}
