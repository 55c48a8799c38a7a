import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLog } from '@lakestream/runtime';
import { loadStackConfig, uniqueName, waitFor } from '@lakestream/stack';
import { localStorage } from '@lakestream/storage';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { connectKafka } from './client';
import { type ExactlyOnceOptions, exactlyOnceLoop, type Transform } from './exactly-once';
import { type LoopMetrics, loopMetrics } from './metrics';

// kafkajs 2.2.4 has no KIP-447, so the broker cannot refuse a stale member's offsets by generation.
// These tests show that the producer per input partition (`partition-producers.ts`) refuses it
// instead: an instance stalled past its session just before its commit while another takes its
// partition and commits, is fenced when it goes on; one whose transform hung sees the group move on
// in its heartbeats and gives its batch up. Either way a read_committed reader sees each input's
// output exactly once.

const config = loadStackConfig();
const brokers = [`${config.host}:${config.ports.kafka}`];
const plain = new Kafka({ clientId: 'fencing-check', brokers, logLevel: logLevel.NOTHING });
const total = 200;

/** A promise and the function that settles it. */
function latch() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const counted = async (metrics: LoopMetrics) =>
  (await metrics.transactionsFenced.get()).values[0]?.value ?? 0;

/** Every committed record of a one-partition topic, read up to its end with read_committed. */
async function readAllCommitted(admin: Admin, topic: string): Promise<string[]> {
  const [end] = await admin.fetchTopicOffsets(topic);
  const high = BigInt(end?.high ?? '0');
  const seen: string[] = [];
  let position = 0n;
  const reader = plain.consumer({ groupId: uniqueName('fencing-reader'), readUncommitted: false });
  // Batches of control records or aborted records only reach no handler, but report their end here.
  reader.on(reader.events.END_BATCH_PROCESS, ({ payload }) => {
    position = BigInt(payload.lastOffset) + 1n > position ? BigInt(payload.lastOffset) + 1n : position;
  });
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
  try {
    await waitFor(() => position >= high, { what: `${topic} read to offset ${high}`, timeoutMs: 60_000 });
  } finally {
    await reader.disconnect();
  }
  return seen;
}

async function committedInputs(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [found] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return found?.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0) ?? 0;
}

describe('a stale instance cannot commit for a partition it lost', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = plain.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  async function setUp() {
    const input = uniqueName('fence-in');
    const output = uniqueName('fence-out');
    const groupId = uniqueName('fence');
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: input, numPartitions: 1 },
        { topic: output, numPartitions: 1 },
      ],
    });
    const producer = plain.producer();
    await producer.connect();
    const produce = (from: number, to: number) =>
      producer.send({
        topic: input,
        messages: Array.from({ length: to - from }, (_, i) => ({
          key: `k${from + i}`,
          value: `m${from + i}`,
        })),
      });
    /** An instance of the loop: every instance of a group shares the transactional id prefix. */
    const instance = (clientId: string, transform: Transform, extra: Partial<ExactlyOnceOptions> = {}) => {
      const metrics = loopMetrics(new Registry());
      const loop = exactlyOnceLoop({
        kafka: connectKafka({ brokers, clientId, log: silentLog }),
        groupId,
        transactionalIdPrefix: `${groupId}-tx`,
        topics: [input],
        log: silentLog,
        metrics,
        deadLetters: {
          topic: uniqueName('fence-dlq'),
          stage: 'ingest',
          claimChecks: localStorage(join(tmpdir(), 'lakestream-tests', groupId)),
        },
        transform,
        ...extra,
      });
      return { loop, metrics };
    };
    const tagged =
      (tag: string): Transform =>
      async ({ message }) => [
        { topic: output, key: message.key, value: Buffer.from(`${tag}:${message.value}`) },
      ];
    return { input, output, groupId, producer, produce, instance, tagged };
  }

  it('fences a member that lost its partition in a rebalance while it was about to commit', async () => {
    const { input, output, groupId, producer, produce, instance, tagged } = await setUp();
    await produce(0, total);
    await producer.disconnect();

    // A takes the partition, transforms its batch and is held just before its transaction.
    const held = latch();
    const release = latch();
    let holds = 0;
    // The round-robin assignor gives a lone partition to the member id that sorts first, and a
    // member id starts with its client id: B's takes the partition from A at the rebalance.
    const a = instance('zz-fencing-a', tagged('A'), {
      beforeCommit: async () => {
        holds += 1;
        if (holds > 1) return;
        held.open();
        await release.opened;
      },
    });
    await a.loop.start();
    await held.opened;

    // B joins. A, held inside its batch past its heartbeat check, stops heartbeating once a
    // heartbeat meets B's rebalance: the group expels it after its session (30 s) and gives B the partition; B's producer for it fences A's; B processes everything from
    // the group's (empty) offset.
    const b = instance('aa-fencing-b', tagged('B'));
    await b.loop.start();
    try {
      await waitFor(async () => (await committedInputs(admin, groupId, input)) === total, {
        what: `B to commit all ${total} inputs`,
        timeoutMs: 90_000,
      });
      expect(await counted(a.metrics)).toBe(0);

      // A goes on with its commit: the broker refuses its epoch, and A drops the work.
      release.open();
      await waitFor(async () => (await counted(a.metrics)) === 1, {
        what: "A's commit to be fenced",
        timeoutMs: 30_000,
      });
      const seen = await readAllCommitted(admin, output);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect(seen.every((value) => value.startsWith('B:'))).toBe(true);
      expect(await committedInputs(admin, groupId, input)).toBe(total);
      expect(await counted(b.metrics)).toBe(0);
    } finally {
      release.open();
      await Promise.all([a.loop.stop(), b.loop.stop()]);
    }
  });

  it('gives up the batch of an instance whose transform hung while the group moved on', async () => {
    const { input, output, groupId, producer, produce, instance, tagged } = await setUp();
    await produce(0, total / 2);

    // The first instance commits the first half, then hangs in the transform of the second half's
    // first record (a call that never answers): its heartbeats meet the rebalance the successor
    // starts, and the group goes on without it.
    const stalled = latch();
    const releaseTransform = latch();
    const first = instance(
      'first',
      async (record) => {
        if (Number(String(record.message.value).slice(1)) === total / 2) {
          stalled.open();
          await releaseTransform.opened;
        }
        return tagged('1')(record);
      },
      { session: { sessionTimeout: 6_000, heartbeatInterval: 500 } },
    );
    await first.loop.start();
    try {
      await waitFor(async () => (await committedInputs(admin, groupId, input)) === total / 2, {
        what: `the first instance to commit ${total / 2} inputs`,
        timeoutMs: 60_000,
      });
      await produce(total / 2, total);
      await producer.disconnect();
      await stalled.opened;

      // The successor takes the partition once the first is expelled, and does the second half.
      const second = instance('second', tagged('2'));
      await second.loop.start();
      try {
        await waitFor(async () => (await committedInputs(admin, groupId, input)) === total, {
          what: `the successor to commit all ${total} inputs`,
          timeoutMs: 90_000,
        });

        // The first wakes up with the second half transformed. Its heartbeats went on while its
        // transform hung, so it saw the group move on: it gives the batch up without trying to commit.
        releaseTransform.open();
        const abandoned = async () => (await first.metrics.batchesAbandoned.get()).values[0]?.value ?? 0;
        await waitFor(async () => (await abandoned()) === 1, {
          what: "the first instance's stale batch to be given up",
          timeoutMs: 30_000,
        });
        expect(await counted(first.metrics)).toBe(0);
        const seen = await readAllCommitted(admin, output);
        expect(seen).toHaveLength(total);
        expect(new Set(seen).size).toBe(total);
        expect(seen.slice(0, total / 2).every((value) => value.startsWith('1:'))).toBe(true);
        expect(seen.slice(total / 2).every((value) => value.startsWith('2:'))).toBe(true);
        expect(await committedInputs(admin, groupId, input)).toBe(total);
      } finally {
        await second.loop.stop();
      }
    } finally {
      releaseTransform.open();
      await first.loop.stop();
    }
  });
});
