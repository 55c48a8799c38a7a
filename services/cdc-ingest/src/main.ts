import { connectKafka } from '@lakestream/kafka';
import { processMetrics, runMain, serveConsumer, serviceLogger } from '@lakestream/runtime';
import { schemaRegistry } from '@lakestream/schemas';
import { loadIngestConfig } from './config';
import { ingestService } from './service';

async function main(): Promise<void> {
  const log = serviceLogger('cdc-ingest');
  const config = loadIngestConfig();
  const metricsRegistry = processMetrics();
  const service = ingestService(config, {
    kafka: connectKafka({ brokers: config.KAFKA_BROKERS, clientId: 'lakestream-cdc-ingest', log }),
    registry: schemaRegistry(config.SCHEMA_REGISTRY_URL),
    metricsRegistry,
    log,
  });
  await serveConsumer(service, {
    log,
    metricsRegistry,
    httpPort: config.HTTP_PORT,
    shutdownDeadlineMs: config.SHUTDOWN_DEADLINE_MS,
    started: { message: 'cdc-ingest running', fields: { pattern: String(config.SOURCE_TOPIC_PATTERN) } },
  });
}

runMain('cdc-ingest', main);
