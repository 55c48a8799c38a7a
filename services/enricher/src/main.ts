import { connectKafka } from '@lakestream/kafka';
import { processMetrics, runMain, serveConsumer, serviceLogger } from '@lakestream/runtime';
import { lazyS3Client, warehouseStorage } from '@lakestream/storage';
import { loadEnrichConfig, piiKeys } from './config';
import { enrichService } from './service';

async function main(): Promise<void> {
  const log = serviceLogger('enricher');
  const config = loadEnrichConfig();
  const keys = piiKeys(config);
  if (keys.development) {
    log.warn(
      { event: 'development_pii_key' },
      'no PII_KEYS or PII_KEYS_FILE: tokens use the public development key and protect nothing',
    );
  }
  const metricsRegistry = processMetrics();
  const s3 = lazyS3Client(config);
  const service = enrichService(config, {
    kafka: connectKafka({ brokers: config.KAFKA_BROKERS, clientId: 'lakestream-enricher', log }),
    metricsRegistry,
    log,
    claimChecks: warehouseStorage(config.CLAIM_CHECK_LOCATION, s3.get),
    piiKeys: keys.keys,
  });
  await serveConsumer(service, {
    log,
    metricsRegistry,
    httpPort: config.HTTP_PORT,
    shutdownDeadlineMs: config.SHUTDOWN_DEADLINE_MS,
    clients: [{ name: 's3 client', close: s3.close }],
    started: {
      message: 'enricher running',
      fields: {
        entities: config.ENTITIES.length,
        piiKeys: keys.keys.map((k) => k.id),
        stateDir: config.STATE_DIR,
      },
    },
  });
}

runMain('enricher', main);
