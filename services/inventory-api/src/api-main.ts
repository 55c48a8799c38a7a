// This machine kind ships Node 20; the SDK's notice that 2027 releases need Node 22 is recorded in
// docs/decisions/0002 and would otherwise open every log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { connectKafka, consumerMetrics } from '@lakestream/kafka';
import { closeOnSignal, serviceLogger } from '@lakestream/runtime';
import { recordDecoder } from '@lakestream/schemas';
import { Counter, collectDefaultMetrics, Registry } from 'prom-client';
import { buildApp } from './api/app';
import { loadApiConfig } from './api/config';
import { kafkaStockEvents } from './api/stock-source';

async function main(): Promise<void> {
  const config = loadApiConfig();
  const log = serviceLogger('inventory-api', config.LOG_LEVEL);
  const metricsRegistry = new Registry();
  collectDefaultMetrics({ register: metricsRegistry });
  const feedSkipped = new Counter({
    name: 'lakestream_api_feed_skipped_total',
    help: 'Stock feed records skipped because no retry can decode them (the projector dead-letters them)',
    labelNames: ['code'],
    registers: [metricsRegistry],
  });
  const dynamo = new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
  });
  // kafkajs logs each failed connection attempt as an error; the feed supervisor (api/stock-feed.ts)
  // logs once per change of state with the reason, so the client's own lines are kept for debug.
  const debugOnly = log.debug.bind(log);
  const kafkaLog = { error: debugOnly, warn: debugOnly, info: debugOnly, debug: debugOnly };
  const stockEvents = kafkaStockEvents({
    kafka: connectKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: 'lakestream-inventory-api',
      log: kafkaLog,
    }),
    decoder: recordDecoder({ registryUrl: config.SCHEMA_REGISTRY_URL }),
    onSkipped: (code) => feedSkipped.inc({ code }),
    topic: config.INVENTORY_TOPIC,
    groupPrefix: config.STOCK_EVENTS_GROUP_PREFIX,
    log,
    metrics: consumerMetrics(metricsRegistry),
  });
  const app = await buildApp({
    dynamo,
    tableName: config.DYNAMODB_TABLE,
    indexName: config.DYNAMODB_GSI,
    apiKeys: config.API_KEYS,
    metricsRegistry,
    log,
    stockEvents,
  });
  // The stock events feed starts in the background once the app is ready and retries until Kafka
  // and its topic are there, so neither is needed to start or to serve reads. app.close() stops
  // accepting, answers 503 to new requests, ends the event streams, waits for the requests in flight
  // and stops the feed; the client goes after, since in-flight requests still read through it.
  closeOnSignal(
    [
      { name: 'http', close: () => app.close() },
      { name: 'dynamodb client', close: async () => dynamo.destroy() },
    ],
    { log, deadlineMs: config.SHUTDOWN_DEADLINE_MS },
  );
  await app.listen({ port: config.HTTP_PORT, host: config.HTTP_HOST });
  log.info(
    { event: 'started', port: config.HTTP_PORT, table: config.DYNAMODB_TABLE, tenants: config.API_KEYS.size },
    'inventory-api listening',
  );
}

main().catch((error: unknown) => {
  serviceLogger('inventory-api').fatal({ event: 'start_failed', err: error }, (error as Error).message);
  process.exit(1);
});
