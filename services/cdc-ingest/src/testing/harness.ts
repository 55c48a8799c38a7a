import { connectKafka } from '@lakestream/kafka';
import { silentLog } from '@lakestream/runtime';
import { loadStackConfig, localS3Client, registryUrls, uniqueName, waitFor } from '@lakestream/stack';
import { warehouseStorage } from '@lakestream/storage';
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { type IngestConfig, loadIngestConfig } from '../config';
import { ingestService } from '../service';

const stack = loadStackConfig();
export const brokers = [`${stack.host}:${stack.ports.kafka}`];
export const registryUrl = registryUrls(stack).confluent;
export const plainKafka = new Kafka({ clientId: 'ingest-test', brokers, logLevel: logLevel.NOTHING });
const silent = silentLog;

/** Environment for one test's own cdc-ingest: its own group (and so transactional ids) and output topics. */
export function testIngestEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const id = uniqueName('ingest');
  return {
    KAFKA_BROKERS: brokers.join(','),
    SCHEMA_REGISTRY_URL: registryUrl,
    GROUP_ID: id,
    CHANGES_TOPIC_PREFIX: `${id}.changes.`,
    DLQ_TOPIC: `${id}.dlq`,
    // Claim checks of this test only, on the local S3 server, as in AWS (the warehouse bucket).
    CLAIM_CHECK_LOCATION: `s3://${stack.s3.warehouseBucket}/${id}/dlq`,
    S3_ENDPOINT: `http://${stack.host}:${stack.ports.s3}`,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: stack.s3.region,
    AWS_ACCESS_KEY_ID: stack.s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: stack.s3.secretAccessKey,
    HTTP_PORT: '0',
    ...overrides,
  };
}

/** cdc-ingest in this process, for tests that need no crash. */
export async function startIngest(env: Record<string, string>) {
  const config: IngestConfig = loadIngestConfig(env);
  const metricsRegistry = new Registry();
  const service = ingestService(config, {
    kafka: connectKafka({ brokers: config.KAFKA_BROKERS, clientId: 'ingest-test', log: silent }),
    metricsRegistry,
    log: silent,
    claimChecks: warehouseStorage(config.CLAIM_CHECK_LOCATION, () => localS3Client(stack)),
  });
  await service.start();
  await waitFor(() => service.ready(), { what: 'cdc-ingest to join its group', timeoutMs: 60_000 });
  return { service, config, metricsRegistry };
}

/** Collects everything a read_committed consumer sees on `topic` until `done` holds. */
export async function collect(
  topic: string,
  done: (messages: KafkaMessage[]) => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 120_000,
): Promise<KafkaMessage[]> {
  const messages: KafkaMessage[] = [];
  // Subscribing to a topic that does not exist yet races its auto-creation; create it first.
  const admin = plainKafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic }] }).finally(() => admin.disconnect());
  const consumer = plainKafka.consumer({ groupId: uniqueName('ingest-reader'), readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  try {
    await waitFor(() => done(messages), { what, timeoutMs, intervalMs: 200 });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export const headerText = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();
