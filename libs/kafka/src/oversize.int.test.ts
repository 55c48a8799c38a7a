import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLog } from '@lakestream/runtime';
import { loadStackConfig, uniqueName, waitFor } from '@lakestream/stack';
import { localStorage } from '@lakestream/storage';
import { type Admin, Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { connectKafka } from './client';
import { deadLetter, dlqHeader } from './dead-letter';
import { deadLetterPublisher } from './dead-letter-publisher';
import { exactlyOnceLoop } from './exactly-once';
import { groupCaughtUp } from './lag';
import { loopMetrics } from './metrics';

const stack = loadStackConfig();
const brokers = [`${stack.host}:${stack.ports.kafka}`];
const plain = new Kafka({ clientId: 'oversize-check', brokers, logLevel: logLevel.NOTHING });
const MiB = 1024 * 1024;

async function readAll(topic: string, expected: number): Promise<KafkaMessage[]> {
  const seen: KafkaMessage[] = [];
  const consumer = plain.consumer({ groupId: uniqueName('oversize-reader'), readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
  try {
    await waitFor(() => seen.length >= expected, {
      what: `${expected} records on ${topic}`,
      timeoutMs: 60_000,
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

const header = (m: KafkaMessage | undefined, name: string) => m?.headers?.[name]?.toString();

describe('records larger than a topic accepts, on the real broker', () => {
  let admin: Admin;
  let folder: string;
  beforeAll(async () => {
    admin = plain.admin();
    await admin.connect();
    folder = await mkdtemp(join(tmpdir(), 'lakestream-oversize-'));
  });
  afterAll(async () => {
    await admin.disconnect();
    await rm(folder, { recursive: true, force: true });
  });

  it('the exactly-once loop dead-letters what the broker refuses, claim-checks it if needed, and moves on', async () => {
    const input = uniqueName('big-in');
    const output = uniqueName('big-out');
    const dlq = uniqueName('big-dlq');
    const groupId = uniqueName('big');
    // The input takes 4 MiB; the output and the dead-letter topic keep Kafka's default (1 MiB).
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: input,
          numPartitions: 1,
          configEntries: [{ name: 'max.message.bytes', value: String(4 * MiB) }],
        },
        { topic: output, numPartitions: 1 },
        { topic: dlq, numPartitions: 1 },
      ],
    });
    const huge = Buffer.alloc(Math.round(1.5 * MiB), 'h');
    const producer = plain.producer();
    await producer.connect();
    await producer.send({
      topic: input,
      messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: i === 12 ? huge : `m${i}` })),
    });
    await producer.disconnect();

    const registry = new Registry();
    const loop = exactlyOnceLoop({
      kafka: connectKafka({ brokers, clientId: 'oversize-loop', log: silentLog }),
      groupId,
      transactionalIdPrefix: uniqueName('big-tx'),
      topics: [input],
      log: silentLog,
      metrics: loopMetrics(registry),
      deadLetters: { topic: dlq, stage: 'ingest', claimChecks: localStorage(folder) },
      // Believe every topic takes 8 MiB: only the broker's refusal can tell the loop otherwise.
      maxMessageBytes: 8 * MiB,
      transform: async (record) => {
        const { message } = record;
        // m7 becomes an output too large for its topic; the 1.5 MiB m12 is bad input.
        if (message.value?.toString() === 'm7') return [{ topic: output, key: message.key, value: huge }];
        if (message.key?.toString() === 'k12') {
          return [
            deadLetter(dlq, record, { stage: 'decode', code: 'DECODE_NOT_JSON', reason: 'not JSON' }, 0),
          ];
        }
        return [{ topic: output, key: message.key, value: Buffer.from(`out-${message.value}`) }];
      },
    });
    await loop.start();
    try {
      const dead = await readAll(dlq, 2);
      const outputs = await readAll(output, 18);
      await waitFor(() => groupCaughtUp(admin, groupId, [input]), {
        what: 'the group to catch up',
        timeoutMs: 30_000,
      });
      expect(outputs.map((m) => m.value?.toString()).sort()).toEqual(
        Array.from({ length: 20 }, (_, i) => `out-m${i}`)
          .filter((v) => v !== 'out-m7' && v !== 'out-m12')
          .sort(),
      );
      const byOffset = new Map(dead.map((m) => [header(m, dlqHeader.sourceOffset), m]));
      const tooLarge = byOffset.get('7');
      expect(header(tooLarge, dlqHeader.code)).toBe('RECORD_TOO_LARGE');
      expect(header(tooLarge, dlqHeader.stage)).toBe('ingest');
      expect(tooLarge?.value?.toString()).toBe('m7');
      expect(header(tooLarge, dlqHeader.claimCheck)).toBeUndefined();

      const claimed = byOffset.get('12');
      expect(header(claimed, dlqHeader.code)).toBe('DECODE_NOT_JSON');
      const location = header(claimed, dlqHeader.claimCheck);
      expect(location).toBe(join(folder, input, '0', '12-decode'));
      expect(claimed?.value?.length).toBe(0);
      expect(Buffer.compare(await readFile(location as string), huge)).toBe(0);
      expect(loop.ready()).toBe(true);
      // The broker did refuse (the transaction with the oversized records was aborted), not the guard.
      const aborted = (await registry.getSingleMetric('lakestream_transactions_aborted_total')?.get())
        ?.values;
      expect(aborted?.[0]?.value).toBeGreaterThanOrEqual(1);
    } finally {
      await loop.stop();
    }
  });

  it('the dead-letter publisher claim-checks what the topic cannot take, read or refused', async () => {
    const dlq = uniqueName('pub-dlq');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: dlq, numPartitions: 1 }] });
    const message = (offset: number, value: Buffer): KafkaMessage => ({
      key: Buffer.from(`k${offset}`),
      value,
      headers: {},
      offset: String(offset),
      timestamp: '0',
      attributes: 0,
    });
    const big = Buffer.alloc(2 * MiB, 'b');
    const letters = [message(0, Buffer.from('small')), message(1, big)].map((m) =>
      deadLetter(
        dlq,
        { topic: 'changes.x', partition: 3, message: m },
        { stage: 'lake', code: 'SINK_NOT_AVRO', reason: 'r' },
        0,
      ),
    );
    const kafka = connectKafka({ brokers, clientId: 'oversize-publisher', log: silentLog });
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    try {
      for (const maxMessageBytes of [undefined, 8 * MiB]) {
        // First the limit read from the cluster; then one too high, which only the broker's refusal corrects.
        const publisher = deadLetterPublisher({
          kafka,
          topic: dlq,
          claimChecks: localStorage(join(folder, String(maxMessageBytes ?? 'read'))),
          maxMessageBytes,
          log: silentLog,
          metricsRegistry: new Registry(),
        });
        await publisher.prepare();
        await publisher.publish(producer, letters);
      }
    } finally {
      await producer.disconnect();
    }
    const dead = await readAll(dlq, 4);
    expect(dead.map((m) => header(m, dlqHeader.sourceOffset))).toEqual(['0', '1', '0', '1']);
    expect(dead[0]?.value?.toString()).toBe('small');
    expect(header(dead[1], dlqHeader.claimCheck)).toBe(join(folder, 'read', 'changes.x', '3', '1-lake'));
    expect(header(dead[3], dlqHeader.claimCheck)).toBe(
      join(folder, String(8 * MiB), 'changes.x', '3', '1-lake'),
    );
    for (const m of [dead[1], dead[3]]) {
      expect(Buffer.compare(await readFile(header(m, dlqHeader.claimCheck) as string), big)).toBe(0);
    }
  });
});
