import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { connectKafka } from '@lakestream/kafka';
import { silentLog } from '@lakestream/runtime';
import { type ChangeEvent, loadChangeEventSchema, schemaRegistry, type Table } from '@lakestream/schemas';
import { loadStackConfig, localS3Client, registryUrls, uniqueName, waitFor } from '@lakestream/stack';
import { warehouseStorage } from '@lakestream/storage';
import { changeEventAt } from '@lakestream/testkit';
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { type EnrichConfig, loadEnrichConfig, piiKeys } from '../config';
import { enrichService } from '../service';

const stack = loadStackConfig();
export const brokers = [`${stack.host}:${stack.ports.kafka}`];
export const registryUrl = registryUrls(stack).confluent;
export const plainKafka = new Kafka({ clientId: 'enrich-test', brokers, logLevel: logLevel.NOTHING });
export const registry = schemaRegistry(registryUrl);

/** Entities a test feeds: the state entities an order line and an order need, and both of those. */
export const TEST_ENTITIES: readonly Table[] = [
  'markets',
  'fx_rates',
  'customers',
  'vendors',
  'products',
  'orders',
  'order_items',
];

/** Environment for one test's own enricher: its own topics, group, transactional id and state folder. */
export function testEnrichEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const id = uniqueName('enrich');
  return {
    KAFKA_BROKERS: brokers.join(','),
    SCHEMA_REGISTRY_URL: registryUrl,
    GROUP_ID: id,
    CHANGES_TOPIC_PREFIX: `${id}.changes.`,
    ENRICHED_TOPIC_PREFIX: `${id}.enriched.`,
    PENDING_TOPIC: `${id}.pending`,
    ENTITIES: TEST_ENTITIES.join(','),
    DLQ_TOPIC: `${id}.dlq`,
    STATE_DIR: mkdtempSync(join(tmpdir(), 'enrich-state-')),
    CLAIM_CHECK_LOCATION: mkdtempSync(join(tmpdir(), 'enrich-dlq-')),
    PII_KEYS: JSON.stringify([
      { id: 'test-k1', secret: Buffer.alloc(32, 7).toString('base64'), from: '2020-01-01T00:00:00Z' },
    ]),
    HTTP_PORT: '0',
    ...overrides,
  };
}

/** Creates the test's topics (pending with 3 partitions, so markers reach more than one owner). */
export async function createTopics(config: EnrichConfig): Promise<void> {
  const admin = plainKafka.admin();
  await admin.connect();
  const topics = [
    ...config.ENTITIES.flatMap((t) => [
      `${config.CHANGES_TOPIC_PREFIX}${t}`,
      `${config.ENRICHED_TOPIC_PREFIX}${t}`,
    ]),
    config.DLQ_TOPIC,
  ];
  try {
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        ...topics.map((topic) => ({ topic, numPartitions: 1 })),
        {
          topic: config.PENDING_TOPIC,
          numPartitions: 3,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
    });
    // KRaft answers metadata for a new topic a moment after creating it: wait until every leader is known.
    await waitFor(
      async () => {
        try {
          const { topics: found } = await admin.fetchTopicMetadata({
            topics: [...topics, config.PENDING_TOPIC],
          });
          return found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
        } catch {
          return false;
        }
      },
      { what: 'the test topics to have leaders', timeoutMs: 60_000 },
    );
  } finally {
    await admin.disconnect();
  }
}

/** The enricher in this process. */
export async function startEnrich(env: Record<string, string>) {
  const config = loadEnrichConfig(env);
  const metricsRegistry = new Registry();
  const service = enrichService(config, {
    kafka: connectKafka({ brokers: config.KAFKA_BROKERS, clientId: 'enrich-test', log: silentLog }),
    metricsRegistry,
    log: silentLog,
    claimChecks: warehouseStorage(config.CLAIM_CHECK_LOCATION, () => localS3Client(stack)),
    piiKeys: piiKeys(config).keys,
  });
  await service.start();
  await waitFor(() => service.ready(), { what: 'the enricher to join its group', timeoutMs: 60_000 });
  return { service, config, metricsRegistry };
}

/** Produces ChangeEvents as cdc-ingest would, each entity under its changes topic's subject. */
export function changeProducer(config: EnrichConfig) {
  const ids = new Map<string, number>();
  const producer = plainKafka.producer();
  let connected: Promise<void> | undefined;
  return {
    async send(table: Table, events: ChangeEvent<Record<string, unknown>>[]) {
      connected ??= producer.connect();
      await connected;
      const topic = `${config.CHANGES_TOPIC_PREFIX}${table}`;
      let id = ids.get(topic);
      if (id === undefined) {
        ({ id } = await registry.register(
          { type: SchemaType.AVRO, schema: JSON.stringify(loadChangeEventSchema(table)) },
          { subject: `${topic}-value` },
        ));
        ids.set(topic, id);
      }
      const schemaId = id;
      const messages = await Promise.all(
        events.map(async (event) => ({ key: event.key, value: await registry.encode(schemaId, event) })),
      );
      await producer.send({ topic, messages, acks: -1 });
    },
    close: () => producer.disconnect(),
  };
}

/** A ChangeEvent at binlog position `pos` (its ordinal), committed at `iso`. */
export function at(
  table: Table,
  op: 'c' | 'u' | 'd' | 'r',
  key: string,
  row: Record<string, unknown>,
  pos: number,
  iso: string,
) {
  return changeEventAt({
    table,
    op,
    key,
    row,
    tenantId: typeof row.tenant_id === 'string' ? row.tenant_id : null,
    pos,
    committedAt: Date.parse(iso),
  }) as ChangeEvent<Record<string, unknown>>;
}

/** Everything a read_committed reader sees on the topics, kept growing until `stop`. */
export async function topicReader(topics: string[]) {
  const seen: (KafkaMessage & { topic: string })[] = [];
  const consumer = plainKafka.consumer({
    groupId: uniqueName('enrich-reader'),
    readUncommitted: false,
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  // The reader's own consumer may fetch a record twice (kafkajs restarts it on a retriable error and
  // it goes back to its last auto-commit): each offset counts once, as the enricher wrote it once.
  const offsets = new Set<string>();
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const at = `${topic}:${partition}:${message.offset}`;
      if (offsets.has(at)) return;
      offsets.add(at);
      seen.push({ ...message, topic });
    },
  });
  return { seen, stop: () => consumer.disconnect() };
}
