import { type Admin, Kafka, logLevel } from 'kafkajs';
import { loadStackConfig } from '../../config';
import { uniqueName } from '../../names';
import { waitFor } from '../../wait';

// The decision in docs/decisions/0001-kafka-client.md rests on this file: kafkajs 2.2.4 against
// the stack's Kafka 4.3.1 broker, for every feature the services use.
const config = loadStackConfig();
const kafka = new Kafka({
  clientId: 'kafka-client-check',
  brokers: [`${config.host}:${config.ports.kafka}`],
  logLevel: logLevel.NOTHING,
  retry: { initialRetryTime: 20, retries: 8 },
});

describe('kafkajs 2.2.4 against the stack broker', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('creates topics with partitions and configs', async () => {
    const topic = uniqueName('check-create');
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 3, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
    });
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2 /* TOPIC */, name: topic, configNames: ['cleanup.policy'] }],
    });
    expect(described.resources[0]?.configEntries[0]?.configValue).toBe('compact');
  });

  it('produces, consumes in a group, and commits offsets the group resumes from', async () => {
    const topic = uniqueName('check-group');
    const groupId = uniqueName('check-group');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i % 4}`, value: `v${i}` })),
    });

    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await waitFor(() => seen.length >= 20, { what: '20 messages in the group', timeoutMs: 30_000 });
    await consumer.disconnect();
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `v${i}`)));

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const total = committed[0]?.partitions.reduce((n, p) => n + Number(p.offset), 0);
    expect(total).toBe(20);

    // A later member of the group resumes after the committed offsets and sees only new messages.
    await producer.send({ topic, messages: [{ key: 'k0', value: 'after-commit' }] });
    const resumed: string[] = [];
    const second = kafka.consumer({ groupId });
    await second.connect();
    await second.subscribe({ topic, fromBeginning: true });
    await second.run({ eachMessage: async ({ message }) => void resumed.push(String(message.value)) });
    await waitFor(() => resumed.length >= 1, { what: 'the message after the commit', timeoutMs: 30_000 });
    await second.disconnect();
    await producer.disconnect();
    expect(resumed).toEqual(['after-commit']);
  });

  it('commits and aborts transactions with consumed offsets; read_committed sees only commits', async () => {
    const input = uniqueName('check-tx-in');
    const output = uniqueName('check-tx-out');
    const groupId = uniqueName('check-tx');
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: input }, { topic: output, numPartitions: 1 }],
    });

    const producer = kafka.producer({
      transactionalId: uniqueName('check-tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();

    const committed = await producer.transaction();
    await committed.send({ topic: output, messages: [{ key: 'a', value: 'kept' }] });
    await committed.sendOffsets({
      consumerGroupId: groupId,
      topics: [{ topic: input, partitions: [{ partition: 0, offset: '7' }] }],
    });
    await committed.commit();

    const aborted = await producer.transaction();
    await aborted.send({ topic: output, messages: [{ key: 'b', value: 'discarded' }] });
    await aborted.abort();

    const last = await producer.transaction();
    await last.send({ topic: output, messages: [{ key: 'c', value: 'also kept' }] });
    await last.commit();
    await producer.disconnect();

    const offsets = await admin.fetchOffsets({ groupId, topics: [input] });
    expect(offsets[0]?.partitions.find((p) => p.partition === 0)?.offset).toBe('7');

    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId: uniqueName('check-tx-reader'), readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic: output, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await waitFor(() => seen.includes('also kept'), {
      what: 'the last committed transaction',
      timeoutMs: 30_000,
    });
    await consumer.disconnect();
    expect(seen).toEqual(['kept', 'also kept']);
  });
});
