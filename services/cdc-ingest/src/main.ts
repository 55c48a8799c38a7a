import { connectKafka } from '@lakestream/kafka';
import { closeOnSignal, serviceLogger, startOpsServer } from '@lakestream/runtime';
import { schemaRegistry } from '@lakestream/schemas';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { loadIngestConfig } from './config';
import { ingestService } from './service';

async function main(): Promise<void> {
  const log = serviceLogger('cdc-ingest');
  const config = loadIngestConfig();
  const metricsRegistry = new Registry();
  collectDefaultMetrics({ register: metricsRegistry });
  const service = ingestService(config, {
    kafka: connectKafka({ brokers: config.KAFKA_BROKERS, clientId: 'lakestream-cdc-ingest', log }),
    registry: schemaRegistry(config.SCHEMA_REGISTRY_URL),
    metricsRegistry,
    log,
  });
  const ops = await startOpsServer({
    port: config.HTTP_PORT,
    registry: metricsRegistry,
    healthy: () => service.state() !== 'crashed',
    ready: service.ready,
  });
  closeOnSignal(
    [
      { name: 'consumer loop', close: service.stop },
      { name: 'ops server', close: ops.close },
    ],
    { log, deadlineMs: config.SHUTDOWN_DEADLINE_MS },
  );
  await service.start();
  log.info(
    { event: 'started', httpPort: ops.port, pattern: String(config.SOURCE_TOPIC_PATTERN) },
    'cdc-ingest running',
  );
  // A consumer that crashed beyond its own restarts is fatal: exit so Kubernetes restarts the pod.
  const error = await service.crashed;
  log.fatal({ event: 'crashed', err: error }, 'consumer crashed; exiting');
  process.exit(1);
}

main().catch((error: unknown) => {
  serviceLogger('cdc-ingest').fatal({ event: 'start_failed', err: error }, (error as Error).message);
  process.exit(1);
});
