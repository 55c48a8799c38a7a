// This machine kind ships Node 20; see main.ts.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { setTimeout as pause } from 'node:timers/promises';
import { catalogFromSettings, encodeDataFile, readDataFileColumns } from '@lakestream/iceberg';
import { connectKafka } from '@lakestream/kafka';
import { runMain, serviceLogger } from '@lakestream/runtime';
import { lazyS3Client, warehouseStorage } from '@lakestream/storage';
import { loadCutoverConfig } from './config';
import { cutOver } from './cutover/cutover';

// `node dist/cutover-main.js`, with the sink stopped and the sink's environment: moves every table
// from CUTOVER_FROM_PREFIX to INPUT_TOPIC_PREFIX (README, "Cut-over to the enriched topics").

async function main(): Promise<void> {
  const log = serviceLogger('lake-sink-cutover');
  const config = loadCutoverConfig();
  if (config.CUTOVER_FROM_PREFIX === config.INPUT_TOPIC_PREFIX)
    throw new Error(`CUTOVER_FROM_PREFIX and INPUT_TOPIC_PREFIX are both ${config.INPUT_TOPIC_PREFIX}`);
  const s3 = lazyS3Client(config);
  const storage = warehouseStorage(config.LAKESTREAM_WAREHOUSE, s3.get);
  const catalog = catalogFromSettings(storage, config);
  const kafka = connectKafka({ brokers: config.KAFKA_BROKERS, clientId: 'lakestream-lake-cutover', log });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const results = await cutOver(
      {
        kafka,
        admin,
        log,
        pause: (ms) => pause(ms),
        storage,
        catalog: catalog.catalog,
        encode: encodeDataFile,
        readColumns: readDataFileColumns,
        now: Date.now,
      },
      {
        fromPrefix: config.CUTOVER_FROM_PREFIX,
        toPrefix: config.INPUT_TOPIC_PREFIX,
        entities: config.ENTITIES,
        namespace: config.LAKE_NAMESPACE,
        sinkGroup: config.GROUP_ID,
        enricherGroup: config.ENRICHER_GROUP_ID,
        waitMs: config.CUTOVER_WAIT_SECONDS * 1000,
        dryRun: config.CUTOVER_DRY_RUN === 'true',
      },
    );
    const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
    log.info(
      {
        event: 'cutover_done',
        moved: count('moved'),
        ready: count('ready'),
        already: count('already'),
        empty: count('empty'),
      },
      `cut-over to ${config.INPUT_TOPIC_PREFIX}* done: start the sink with INPUT_TOPIC_PREFIX=${config.INPUT_TOPIC_PREFIX}`,
    );
  } finally {
    await admin.disconnect();
    s3.close();
    catalog.close();
  }
}

runMain('lake-sink-cutover', main);
