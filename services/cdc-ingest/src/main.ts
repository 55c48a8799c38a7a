import { connectKafka } from '@lakestream/kafka';
import { processMetrics, runMain, serveConsumer, serviceLogger } from '@lakestream/runtime';
import { lazyS3Client, warehouseStorage } from '@lakestream/storage';
import { loadIngestConfig } from './config';
import { ingestService } from './service';

async function main(): Promise<void> {
  const log = serviceLogger('cdc-ingest');
  const config = loadIngestConfig();
  const metricsRegistry = processMetrics();
  const s3 = lazyS3Client(config);
  const service = ingestService(config, {
    kafka: connectKafka({ brokers: config.KAFKA_BROKERS, clientId: 'lakestream-cdc-ingest', log }),
    metricsRegistry,
    log,
    claimChecks: warehouseStorage(config.CLAIM_CHECK_LOCATION, s3.get),
  });
  await serveConsumer(service, {
    log,
    metricsRegistry,
    httpPort: config.HTTP_PORT,
    shutdownDeadlineMs: config.SHUTDOWN_DEADLINE_MS,
    clients: [{ name: 's3 client', close: s3.close }],
    started: { message: 'cdc-ingest running', fields: { pattern: String(config.SOURCE_TOPIC_PATTERN) } },
  });
}

runMain('cdc-ingest', main);
