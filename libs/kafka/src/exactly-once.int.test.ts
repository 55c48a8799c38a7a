import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLog } from '@lakestream/runtime';
import { loadStackConfig, uniqueName, waitFor } from '@lakestream/stack';
import { localStorage } from '@lakestream/storage';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { connectKafka } from './client';
import { exactlyOnceLoop } from './exactly-once';
import { groupCaughtUp } from './lag';
import { loopMetrics } from './metrics';

const config = loadStackConfig();
const brokers = [`${config.host}:${config.ports.kafka}`];
const silent = silentLog;
const plain = new Kafka({ clientId: 'eos-check', brokers, logLevel: logLevel.NOTHING });

async function readCommitted(topic: string, expected: number): Promise<string[]> {
  const seen: string[] = [];
  const consumer = plain.consumer({ groupId: uniqueName('eos-reader'), readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
  try {
    await waitFor(() => seen.length >= expected, {
      what: `${expected} committed outputs`,
      timeoutMs: 60_000,
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

describe('exactlyOnceLoop on the real broker', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = plain.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('produces each input once even when a batch fails and is consumed again', async () => {
    const input = uniqueName('eos-in');
    const output = uniqueName('eos-out');
    const groupId = uniqueName('eos');
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: input, numPartitions: 2 },
        { topic: output, numPartitions: 2 },
      ],
    });
    const producer = plain.producer();
    await producer.connect();
    await producer.send({
      topic: input,
      messages: Array.from({ length: 500 }, (_, i) => ({ key: `k${i % 10}`, value: `m${i}` })),
    });
    await producer.disconnect();

    // The first time the transform meets m250 it fails: the batch it belongs to is consumed again
    // from the last committed offset, and none of its records may come out twice.
    let failedOnce = false;
    const registry = new Registry();
    const loop = exactlyOnceLoop({
      kafka: connectKafka({ brokers, clientId: 'eos-check-loop', log: silent }),
      groupId,
      transactionalIdPrefix: uniqueName('eos-tx'),
      topics: [input],
      log: silent,
      metrics: loopMetrics(registry),
      deadLetters: {
        topic: uniqueName('eos-dlq'),
        stage: 'ingest',
        claimChecks: localStorage(join(tmpdir(), 'lakestream-tests', groupId)),
      },
      transform: async ({ message }) => {
        const value = String(message.value);
        if (value === 'm250' && !failedOnce) {
          failedOnce = true;
          throw new Error('transient failure');
        }
        return [{ topic: output, key: message.key, value: Buffer.from(`out-${value}`) }];
      },
    });
    await loop.start();
    try {
      const seen = await readCommitted(output, 500);
      await waitFor(
        async () => {
          const committed = await admin.fetchOffsets({ groupId, topics: [input] });
          return committed[0]?.partitions.reduce((n, p) => n + Number(p.offset), 0) === 500;
        },
        { what: 'all input offsets committed', timeoutMs: 30_000 },
      );
      expect(failedOnce).toBe(true);
      expect(seen).toHaveLength(500);
      expect(new Set(seen).size).toBe(500);
      expect(loop.ready()).toBe(true);
    } finally {
      await loop.stop();
    }
    expect(loop.state()).toBe('stopped');
  });

  it('reaches the end of an input whose last transaction was aborted (a tail of markers only)', async () => {
    const input = uniqueName('eos-tail-in');
    const output = uniqueName('eos-tail-out');
    const groupId = uniqueName('eos-tail');
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: input, numPartitions: 1 },
        { topic: output, numPartitions: 1 },
      ],
    });
    const writer = plain.producer({
      transactionalId: uniqueName('eos-tail-writer'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await writer.connect();
    const writeInTransaction = async (values: string[], outcome: 'commit' | 'abort') => {
      const transaction = await writer.transaction();
      await transaction.send({ topic: input, messages: values.map((value) => ({ value })) });
      await (outcome === 'commit' ? transaction.commit() : transaction.abort());
    };
    const loop = exactlyOnceLoop({
      kafka: connectKafka({ brokers, clientId: 'eos-tail-loop', log: silent }),
      groupId,
      transactionalIdPrefix: groupId,
      topics: [input],
      log: silent,
      metrics: loopMetrics(new Registry()),
      deadLetters: {
        topic: uniqueName('eos-tail-dlq'),
        stage: 'ingest',
        claimChecks: localStorage(join(tmpdir(), 'lakestream-tests', groupId)),
      },
      transform: async ({ message }) => [{ topic: output, key: null, value: message.value }],
      markerTailMs: 200,
    });
    await loop.start();
    try {
      // 50 records committed and consumed; then 5 aborted, so the partition ends with aborted
      // records and their marker, fetched alone: kafkajs resolves that batch without eachBatch.
      await writeInTransaction(
        Array.from({ length: 50 }, (_, i) => `m${i}`),
        'commit',
      );
      await waitFor(() => groupCaughtUp(admin, groupId, [input]), {
        what: 'the group to commit its 50 inputs',
        timeoutMs: 60_000,
      });
      await writeInTransaction(
        Array.from({ length: 5 }, (_, i) => `x${i}`),
        'abort',
      );
      await waitFor(() => groupCaughtUp(admin, groupId, [input]), {
        what: 'the group to commit up to the end of its input, past the aborted tail',
        timeoutMs: 30_000,
      });
      expect(await readCommitted(output, 50)).toHaveLength(50);
    } finally {
      await writer.disconnect();
      await loop.stop();
    }
  });

  it('reads a topic its pattern comes to match after it started, and each input once', async () => {
    const prefix = uniqueName('eos-found');
    const output = `${prefix}-out`;
    const first = `${prefix}.in.first`;
    const later = `${prefix}.in.later`;
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: first, numPartitions: 2 },
        { topic: output, numPartitions: 1 },
      ],
    });
    const producer = plain.producer();
    await producer.connect();
    const send = (topic: string) =>
      producer.send({ topic, messages: Array.from({ length: 50 }, (_, i) => ({ value: `${topic}#${i}` })) });
    await send(first);
    const groupId = `${prefix}-group`;
    const loop = exactlyOnceLoop({
      kafka: connectKafka({ brokers, clientId: 'eos-found-loop', log: silent }),
      groupId,
      transactionalIdPrefix: groupId,
      topics: [new RegExp(`^${prefix.replace(/[.-]/g, '\\$&')}\\.in\\.`)],
      log: silent,
      metrics: loopMetrics(new Registry()),
      deadLetters: {
        topic: `${prefix}-dlq`,
        stage: 'ingest',
        claimChecks: localStorage(join(tmpdir(), 'lakestream-tests', groupId)),
      },
      transform: async ({ message }) => [{ topic: output, key: message.key, value: message.value }],
      topicDiscoveryMs: 200,
    });
    await loop.start();
    try {
      await readCommitted(output, 50);
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: later, numPartitions: 2 }] });
      await send(later);
      const seen = await readCommitted(output, 100);
      await waitFor(() => groupCaughtUp(admin, groupId, [first, later]), {
        what: 'both inputs committed',
        timeoutMs: 30_000,
      });
      expect(seen.filter((v) => v.startsWith(later))).toHaveLength(50);
      expect(new Set(seen).size).toBe(100);
      expect(seen).toHaveLength(100);
    } finally {
      await producer.disconnect();
      await loop.stop();
    }
  });
});
