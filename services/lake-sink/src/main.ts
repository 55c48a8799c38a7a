// This machine kind ships Node 20; the SDK's notice that 2027 releases need Node 22 is recorded in
// docs/decisions/0002 and would otherwise open every log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { catalogFromSettings, encodeDataFile, encoderPool, readDataFileColumns } from '@lakestream/iceberg';
import { connectKafka } from '@lakestream/kafka';
import { processMetrics, runMain, serveConsumer, serviceLogger } from '@lakestream/runtime';
import { recordDecoder } from '@lakestream/schemas';
import { lazyS3Client, warehouseStorage } from '@lakestream/storage';
import { loadSinkConfig } from './config';
import { sinkMetricsStorageObserver } from './metrics';
import { lakeSinkService } from './service';

async function main(): Promise<void> {
  const log = serviceLogger('lake-sink');
  const config = loadSinkConfig();
  const metricsRegistry = processMetrics();
  // One client for the warehouse and the claim checks, built only if either is on S3.
  const s3 = lazyS3Client(config);
  const storage = warehouseStorage(
    config.LAKESTREAM_WAREHOUSE,
    s3.get,
    sinkMetricsStorageObserver(metricsRegistry),
  );
  // The file catalog in the warehouse unless LAKESTREAM_CATALOG=glue (Athena sees the tables).
  const catalog = catalogFromSettings(storage, config);
  const pool = config.ENCODE_THREADS > 0 ? encoderPool(config.ENCODE_THREADS) : undefined;
  const service = lakeSinkService(config, {
    kafka: connectKafka({ brokers: config.KAFKA_BROKERS, clientId: 'lakestream-lake-sink', log }),
    decoder: recordDecoder({ registryUrl: config.SCHEMA_REGISTRY_URL }),
    storage,
    catalog: catalog.catalog,
    claimChecks: warehouseStorage(config.CLAIM_CHECK_LOCATION, s3.get),
    encode: pool?.encode ?? encodeDataFile,
    readColumns: readDataFileColumns,
    metricsRegistry,
    log,
  });
  await serveConsumer(service, {
    log,
    metricsRegistry,
    httpPort: config.HTTP_PORT,
    shutdownDeadlineMs: config.SHUTDOWN_DEADLINE_MS,
    clients: [
      { name: 's3 client', close: s3.close },
      { name: 'catalog client', close: async () => catalog.close() },
      { name: 'encoder threads', close: async () => pool?.close() },
    ],
    started: {
      message: 'lake sink running',
      fields: { warehouse: storage.root, namespace: config.LAKE_NAMESPACE, entities: config.ENTITIES },
    },
  });
}

runMain('lake-sink', main);
