import { exactlyOnceLoop, loopMetrics, type StructuredLog, transactionalIdPrefix } from '@lakestream/kafka';
import { recordDecoder, TABLES, type Table } from '@lakestream/schemas';
import type { WarehouseStorage } from '@lakestream/storage';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { changeEventWriter } from './change-events';
import type { IngestConfig } from './config';
import { ingestMetrics } from './metrics';
import { partitionCounts } from './partitions';
import { ingestTransform } from './transform';

export interface IngestDeps {
  kafka: Kafka;
  metricsRegistry: Registry;
  log: StructuredLog;
  /** Rooted at CLAIM_CHECK_LOCATION: where originals too large for the dead-letter topic go. */
  claimChecks: WarehouseStorage;
  fetch?: typeof fetch;
}

/** cdc-ingest built from its config and clients; main.ts only wires the process around it. */
export function ingestService(config: IngestConfig, deps: IngestDeps) {
  const doFetch = deps.fetch ?? fetch;
  const changesTopic = (table: Table) => `${config.CHANGES_TOPIC_PREFIX}${table}`;
  const partitions = partitionCounts(deps.kafka.admin(), { log: deps.log });
  const transform = ingestTransform({
    decoder: recordDecoder({ registryUrl: config.SCHEMA_REGISTRY_URL, fetch: doFetch }),
    writer: changeEventWriter({
      registryUrl: config.SCHEMA_REGISTRY_URL,
      subjectOf: (table) => `${changesTopic(table)}-value`,
      fetch: doFetch,
    }),
    metrics: ingestMetrics(deps.metricsRegistry),
    changesTopic,
    partitions,
    dlqTopic: config.DLQ_TOPIC,
    sourceDatabase: config.SOURCE_DATABASE,
    topicPrefix: config.DEBEZIUM_TOPIC_PREFIX,
    sourceFormat: config.SOURCE_FORMAT,
    dmsBeforeImage: { field: config.DMS_BEFORE_IMAGE_FIELD, prefix: config.DMS_BEFORE_IMAGE_PREFIX },
  });
  const loop = exactlyOnceLoop({
    kafka: deps.kafka,
    groupId: config.GROUP_ID,
    transactionalIdPrefix: transactionalIdPrefix(config),
    topics: [config.SOURCE_TOPIC_PATTERN],
    topicDiscoveryMs: config.TOPIC_DISCOVERY_MS,
    transform,
    log: deps.log,
    metrics: loopMetrics(deps.metricsRegistry),
    // A valid ChangeEvent larger than its topic accepts is dead-lettered at the `ingest` stage.
    deadLetters: { topic: config.DLQ_TOPIC, stage: 'ingest', claimChecks: deps.claimChecks },
    outputTopics: TABLES.map(changesTopic),
    maxMessageBytes: config.KAFKA_MAX_MESSAGE_BYTES,
  });
  return {
    ...loop,
    /** The loop first (it may still be finishing a batch that counts partitions), then the admin. */
    async stop() {
      await loop.stop();
      await partitions.close();
    },
  };
}
