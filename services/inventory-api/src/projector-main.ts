// This machine kind ships Node 20; the SDK's notice that 2027 releases need Node 22 is recorded in
// docs/decisions/0002 and would otherwise open every log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { connectKafka } from '@lakestream/kafka';
import { processMetrics, runMain, serveConsumer, serviceLogger } from '@lakestream/runtime';
import { recordDecoder } from '@lakestream/schemas';
import { lazyS3Client, warehouseStorage } from '@lakestream/storage';
import { loadProjectorConfig } from './projector/config';
import { projectorService } from './projector/service';
import { ensureInventoryTable } from './table';

/** The projector: the second entry point of this package, deployed and scaled apart from the API. */
async function main(): Promise<void> {
  const log = serviceLogger('inventory-projector');
  const config = loadProjectorConfig();
  const metricsRegistry = processMetrics();
  const dynamo = new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
    // The writer retries throttling itself, without limit and with metrics; the SDK's own
    // three attempts would hide throttles from them.
    maxAttempts: 1,
  });
  if (config.ENSURE_TABLE === 'true') {
    await ensureInventoryTable(dynamo, config.DYNAMODB_TABLE, { gsiName: config.DYNAMODB_GSI, log });
  }
  const s3 = lazyS3Client(config);
  const service = projectorService(config, {
    kafka: connectKafka({ brokers: config.KAFKA_BROKERS, clientId: 'lakestream-inventory-projector', log }),
    decoder: recordDecoder({ registryUrl: config.SCHEMA_REGISTRY_URL }),
    dynamo,
    claimChecks: warehouseStorage(config.CLAIM_CHECK_LOCATION, s3.get),
    metricsRegistry,
    log,
  });
  await serveConsumer(service, {
    log,
    metricsRegistry,
    httpPort: config.HTTP_PORT,
    shutdownDeadlineMs: config.SHUTDOWN_DEADLINE_MS,
    clients: [
      { name: 'dynamodb client', close: async () => dynamo.destroy() },
      { name: 's3 client', close: s3.close },
    ],
    started: {
      message: 'inventory projector running',
      fields: {
        table: config.DYNAMODB_TABLE,
        topics: [config.PRODUCTS_TOPIC, config.WAREHOUSES_TOPIC, config.INVENTORY_TOPIC],
      },
    },
  });
}

runMain('inventory-projector', main);
