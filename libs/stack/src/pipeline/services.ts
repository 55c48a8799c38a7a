import { join } from 'node:path';
import type { StackConfig } from '../config';
import { tenants } from '../globalmart/tenants';
import { registryUrls } from '../servers/parts/registry';

/** The pipeline's services, in the order data flows through them. */
export const SERVICES = ['cdc-ingest', 'enricher', 'lake-sink', 'projector', 'inventory-api'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** One running instance of a service: its process, its HTTP port (/metrics, /healthz, /readyz). */
export interface ServiceInstance {
  service: ServiceName;
  /** 1-based; several instances of a consumer share its group and split its partitions. */
  instance: number;
  /** `cdc-ingest`, or `cdc-ingest-2` for a second instance. */
  name: string;
  /** Relative to the repository root. */
  script: string;
  httpPort: number;
  env: Record<string, string>;
}

/** Where each service listens for /metrics, /healthz, /readyz (the API also serves its routes there). */
export const BASE_PORTS: Readonly<Record<ServiceName, number>> = {
  'cdc-ingest': 9464,
  enricher: 9467,
  projector: 9465,
  'lake-sink': 9466,
  'inventory-api': 8080,
};

const SCRIPTS: Readonly<Record<ServiceName, string>> = {
  'cdc-ingest': 'services/cdc-ingest/dist/main.js',
  enricher: 'services/enricher/dist/main.js',
  'lake-sink': 'services/lake-sink/dist/main.js',
  projector: 'services/inventory-api/dist/projector-main.js',
  'inventory-api': 'services/inventory-api/dist/api-main.js',
};

/** One demo key per tenant, so the live view can show a request that works (`demo-key-acme-0001`). */
export const demoApiKeys = () => tenants.map((t) => ({ key: `demo-key-${t.id}-0001`, tenant: t.id }));

export interface PipelineLayout {
  /** Instances per service (default 1 each). */
  instances?: Partial<Record<ServiceName, number>>;
  /** Prefixes every group, transactional id and output topic, so a test runs a pipeline of its own. */
  id?: string;
  /** The lake; default `s3://<warehouse bucket>/lake` on the local S3 server. */
  warehouse?: string;
  /** The DynamoDB table of the inventory view. */
  dynamoTable?: string;
  /** Ports are the base ports plus this (a test's pipeline beside the developer's own). */
  portOffset?: number;
  /** Debezium's `topic.prefix` of the raw topics cdc-ingest reads (a test's private connector). */
  sourceTopicPrefix?: string;
}

/**
 * Every service instance of the local pipeline with the environment it runs with: the stack's
 * servers, the warehouse on the local S3 server, claim checks beside it, one DynamoDB table. Second
 * instances of a consumer share its group (and get their own transactional id and port), as pods of a
 * StatefulSet would.
 */
export function pipelineServices(config: StackConfig, layout: PipelineLayout = {}): ServiceInstance[] {
  const id = layout.id ?? 'lakestream';
  const bucket = config.s3.warehouseBucket;
  const prefix = layout.id ? `${layout.id}/` : '';
  const warehouse = layout.warehouse ?? `s3://${bucket}/${prefix}lake`;
  const changes = layout.id ? `${layout.id}.changes.` : 'lakestream.changes.';
  const enriched = layout.id ? `${layout.id}.enriched.` : 'lakestream.enriched.';
  // The sinks read the enricher's output; a layout that runs no enricher feeds them the changes.
  const sinkInput = (layout.instances?.enricher ?? 1) > 0 ? enriched : changes;
  const pending = layout.id ? `${layout.id}.enricher.pending` : 'lakestream.enricher.pending';
  const dlq = layout.id ? `${layout.id}.dlq` : 'lakestream.dlq';
  const dynamoTable = layout.dynamoTable ?? (layout.id ? layout.id : 'lakestream-inventory');
  const common = {
    KAFKA_BROKERS: `${config.host}:${config.ports.kafka}`,
    SCHEMA_REGISTRY_URL: registryUrls(config).confluent,
    AWS_REGION: config.s3.region,
    AWS_ACCESS_KEY_ID: config.s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: config.s3.secretAccessKey,
    S3_ENDPOINT: `http://${config.host}:${config.ports.s3}`,
    S3_FORCE_PATH_STYLE: 'true',
    CLAIM_CHECK_LOCATION: `s3://${bucket}/${prefix}dlq`,
    DLQ_TOPIC: dlq,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const dynamo = {
    DYNAMODB_ENDPOINT: `http://${config.host}:${config.ports.dynamodb}`,
    DYNAMODB_TABLE: dynamoTable,
  };
  const envOf = (service: ServiceName, instance: number): Record<string, string> => {
    switch (service) {
      case 'cdc-ingest':
        return {
          ...common,
          GROUP_ID: `${id}-cdc-ingest`,
          CHANGES_TOPIC_PREFIX: changes,
          SOURCE_DATABASE: config.mariadb.database,
          ...(layout.sourceTopicPrefix
            ? {
                DEBEZIUM_TOPIC_PREFIX: layout.sourceTopicPrefix,
                SOURCE_TOPIC_PATTERN: `^${layout.sourceTopicPrefix.replace(/[.]/g, '\\.')}\\.${config.mariadb.database}\\.[a-z_]+$`,
              }
            : {}),
        };
      case 'enricher':
        return {
          ...common,
          GROUP_ID: `${id}-enricher`,
          CHANGES_TOPIC_PREFIX: changes,
          ENRICHED_TOPIC_PREFIX: enriched,
          PENDING_TOPIC: pending,
          // Its replicated reference state: on a restart it reads only what came after the checkpoint.
          STATE_DIR: join(config.home, 'pipeline', `${id}-enricher-${instance}`),
        };
      case 'lake-sink':
        return {
          ...common,
          GROUP_ID: `${id}-lake-sink`,
          INPUT_TOPIC_PREFIX: sinkInput,
          LAKESTREAM_WAREHOUSE: warehouse,
          STATE_DIR: join(config.home, 'pipeline', `${id}-lake-sink-${instance}`),
        };
      case 'projector':
        return {
          ...common,
          ...dynamo,
          ENSURE_TABLE: 'true',
          GROUP_ID: `${id}-inventory-projector`,
          PRODUCTS_TOPIC: `${sinkInput}products`,
          WAREHOUSES_TOPIC: `${sinkInput}warehouses`,
          INVENTORY_TOPIC: `${sinkInput}inventory`,
        };
      case 'inventory-api':
        return {
          ...common,
          ...dynamo,
          API_KEYS: demoApiKeys()
            .map(({ key, tenant }) => `${key}=${tenant}`)
            .join(','),
          INVENTORY_TOPIC: `${changes}inventory`,
          STOCK_EVENTS_GROUP_PREFIX: `${id}-inventory-api`,
          HTTP_HOST: config.host,
        };
    }
  };
  return SERVICES.flatMap((service) =>
    Array.from({ length: layout.instances?.[service] ?? 1 }, (_, i) => {
      const instance = i + 1;
      const httpPort = BASE_PORTS[service] + (layout.portOffset ?? 0) + i * 10;
      return {
        service,
        instance,
        name: instance === 1 ? service : `${service}-${instance}`,
        script: SCRIPTS[service],
        httpPort,
        env: { ...envOf(service, instance), HTTP_PORT: String(httpPort) },
      };
    }),
  );
}
