import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLog } from '@lakestream/runtime';
import { localStorage } from '@lakestream/storage';
import type { Kafka, KafkaMessage, Producer, ProducerBatch } from 'kafkajs';
import { Registry } from 'prom-client';
import { deadLetter, dlqHeader } from './dead-letter';
import { deadLetterPublisher } from './dead-letter-publisher';
import type { OutgoingRecord } from './exactly-once';
import { recordSize } from './record-size';

const letter = (offset: number, bytes: number): OutgoingRecord => {
  const message: KafkaMessage = {
    key: Buffer.from(`k${offset}`),
    value: Buffer.alloc(bytes, offset),
    headers: {},
    offset: String(offset),
    timestamp: '0',
    attributes: 0,
  };
  return deadLetter(
    'dlq',
    { topic: 'changes.vendors', partition: 0, message },
    { stage: 'lake', code: 'SINK_NOT_AVRO', reason: 'r' },
    0,
  );
};

/**
 * A producer standing in for a broker whose real limit is `brokerLimit`: it refuses any send whose
 * records weigh more, as MESSAGE_TOO_LARGE (wrapped as kafkajs wraps it), and keeps the rest.
 */
function refusingProducer(brokerLimit: number) {
  const sent: OutgoingRecord[] = [];
  let refusals = 0;
  const producer = {
    async sendBatch({ topicMessages }: ProducerBatch) {
      const records = (topicMessages ?? []).flatMap(({ topic, messages }) =>
        messages.map((m) => ({ topic, key: m.key ?? null, value: m.value as Buffer, headers: m.headers })),
      );
      if (records.reduce((n, r) => n + recordSize(r), 0) > brokerLimit) {
        refusals += 1;
        const cause = Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' });
        throw Object.assign(new Error('non-retriable'), { cause });
      }
      sent.push(...records);
      return [];
    },
  };
  return { producer: producer as unknown as Producer, sent, refusals: () => refusals };
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dlq-publisher-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

const publisher = (topicLimit: number) =>
  deadLetterPublisher({
    // Only the limits come from the cluster; the override stands in for what DescribeConfigs said.
    kafka: {} as Kafka,
    topic: 'dlq',
    claimChecks: localStorage(folder),
    maxMessageBytes: topicLimit,
    log: silentLog,
    metricsRegistry: new Registry(),
  });

describe('deadLetterPublisher', () => {
  it('sends dead letters that fit as they are, in chunks below the limit', async () => {
    const { producer, sent, refusals } = refusingProducer(100_000);
    const letters = Array.from({ length: 30 }, (_, i) => letter(i, 10_000));
    await publisher(100_000).publish(producer, letters);
    expect(sent).toEqual(letters.map(({ topic, key, value, headers }) => ({ topic, key, value, headers })));
    expect(refusals()).toBe(0);
  });

  it('sends a dead letter above the limit as its claim check, and the others as they are', async () => {
    const { producer, sent } = refusingProducer(1_000_000);
    const big = letter(1, 2_000_000);
    await publisher(1_000_000).publish(producer, [letter(0, 10), big, letter(2, 10)]);
    expect(sent.map((r) => r.headers?.[dlqHeader.sourceOffset])).toEqual(['0', '1', '2']);
    const location = String(sent[1]?.headers?.[dlqHeader.claimCheck]);
    expect(location).toBe(join(folder, 'changes.vendors', '0', '1-lake'));
    expect(Buffer.compare(await readFile(location), big.value as Buffer)).toBe(0);
    expect(sent[0]?.headers?.[dlqHeader.claimCheck]).toBeUndefined();
  });

  it('learns from a broker that refuses what the limit admitted, and never gives up on a record', async () => {
    // The topic says 4 MB; the broker takes 100 KB: the 300 KB letter is refused, then claim-checked.
    const { producer, sent, refusals } = refusingProducer(100_000);
    const letters = [letter(0, 10), letter(1, 300_000), letter(2, 10)];
    await publisher(4_000_000).publish(producer, letters);
    expect(refusals()).toBeGreaterThanOrEqual(1);
    expect(sent.map((r) => r.headers?.[dlqHeader.sourceOffset])).toEqual(['0', '1', '2']);
    expect(sent[1]?.headers?.[dlqHeader.claimCheck]).toBe(join(folder, 'changes.vendors', '0', '1-lake'));
    expect(sent[1]?.value?.length).toBe(0);
  });

  it('lets an outage through to the caller, which retries the batch', async () => {
    const producer = {
      sendBatch: async () => {
        throw Object.assign(new Error('Connection timeout'), { retriable: true });
      },
    } as unknown as Producer;
    await expect(publisher(1_000_000).publish(producer, [letter(0, 10)])).rejects.toThrow(
      'Connection timeout',
    );
  });
});
