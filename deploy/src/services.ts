import { readTopicCatalog, resolveTopicCatalog } from '@lakestream/schemas';

/**
 * What the deployment needs to know of each service. Ports, groups and deadlines are the services'
 * own defaults (their config.ts); memory is what the services used under load (deploy/README.md,
 * "Measured memory"), with requests at the measured peak and limits with room for bursts.
 */
export interface DeployedService {
  name: 'cdc-ingest' | 'enricher' | 'lake-sink' | 'projector' | 'inventory-api';
  /** Services that keep per-pod state on a volume are StatefulSets. */
  kind: 'StatefulSet' | 'Deployment';
  why: string;
  /** The entry point inside the image. */
  script: string;
  httpPort: number;
  /** The Service's port (the API answers on 80). */
  servicePort: number;
  /** The consumer group KEDA scales on, with the topics it reads (for the replica cap). */
  consumer?: {
    group: string;
    /** Catalog topics it reads, or `raw`: the Debezium topics (RAW_TOPIC_PARTITIONS). */
    inputs: readonly string[] | 'raw';
    /** KEDA's target: records behind per replica. */
    lagPerReplica: number;
  };
  /** SHUTDOWN_DEADLINE_MS (every service's default is 25 s). */
  shutdownDeadlineMs: number;
  /** Seconds between SIGTERM being due and being sent (the API's endpoints drain first). */
  preStopSeconds: number;
  resources: { cpuRequest: string; cpuLimit?: string; memoryRequestMi: number; memoryLimitMi: number };
  /** Per-pod state kept on a volume (lake-sink's live-row index checkpoints). */
  state?: { env: string; mountPath: string; size: string };
  /** Variables of this service in its ConfigMap (production values; overlays change them). */
  config: Record<string, string>;
  /** Names of the variables it takes from its Secret, if any. */
  secret?: { name: string; keys: string[] };
  replicas: number;
}

const maxOf = (topics: ReadonlyMap<string, number>, names: readonly string[]) =>
  Math.max(
    ...names.map((name) => {
      const partitions = topics.get(name);
      if (partitions === undefined) throw new Error(`topic ${name} is not in libs/schemas/topics.json`);
      return partitions;
    }),
  );

const CHANGES = [
  'products',
  'warehouses',
  'inventory',
  'customers',
  'orders',
  'order_items',
  'payments',
  'invoices',
];
const REFERENCE = ['tenants', 'markets', 'fx_rates', 'vendors'];

/**
 * Raw Debezium topics are not in the catalog: the connector creates them with
 * `topic.creation.default.partitions` (3 in the local stack, libs/stack connect.ts); in production
 * the same partition multiplier as the catalog's applies.
 */
export const RAW_TOPIC_PARTITIONS = { local: 3, production: 12 } as const;

export const DEPLOYED: readonly DeployedService[] = [
  {
    name: 'cdc-ingest',
    kind: 'Deployment',
    why: 'keeps no state per pod: its Kafka transactions use one id per input partition, the same in every pod (the group), so whichever pod owns a partition fences the one that owned it before',
    script: 'services/cdc-ingest/dist/main.js',
    httpPort: 9464,
    servicePort: 9464,
    consumer: {
      group: 'lakestream-cdc-ingest',
      inputs: 'raw',
      lagPerReplica: 5_000,
    },
    shutdownDeadlineMs: 25_000,
    preStopSeconds: 0,
    resources: { cpuRequest: '250m', cpuLimit: '1', memoryRequestMi: 480, memoryLimitMi: 960 },
    config: {
      SOURCE_TOPIC_PATTERN: '^globalmart\\.globalmart\\.[a-z_]+$',
      SOURCE_FORMAT: 'auto',
      DEBEZIUM_TOPIC_PREFIX: 'globalmart',
      SOURCE_DATABASE: 'globalmart',
      CHANGES_TOPIC_PREFIX: 'lakestream.changes.',
      GROUP_ID: 'lakestream-cdc-ingest',
      HTTP_PORT: '9464',
      SHUTDOWN_DEADLINE_MS: '25000',
    },
    replicas: 1,
  },
  {
    name: 'enricher',
    kind: 'StatefulSet',
    why: 'keeps its replicated reference state (STATE_DIR) on a volume per pod, so a restart reads only what came after its checkpoint',
    script: 'services/enricher/dist/main.js',
    httpPort: 9467,
    servicePort: 9467,
    consumer: {
      group: 'lakestream-enricher',
      inputs: [...CHANGES, ...REFERENCE].map((t) => `lakestream.changes.${t}`),
      lagPerReplica: 5_000,
    },
    shutdownDeadlineMs: 25_000,
    preStopSeconds: 0,
    // Not measured yet (the service is a shell): cdc-ingest's numbers, a consumer of the same shape.
    resources: { cpuRequest: '250m', cpuLimit: '1', memoryRequestMi: 480, memoryLimitMi: 960 },
    state: { env: 'STATE_DIR', mountPath: '/var/lib/lakestream/enricher', size: '10Gi' },
    config: {
      GROUP_ID: 'lakestream-enricher',
      CHANGES_TOPIC_PREFIX: 'lakestream.changes.',
      ENRICHED_TOPIC_PREFIX: 'lakestream.enriched.',
      PENDING_TOPIC: 'lakestream.enricher.pending',
      HTTP_PORT: '9467',
      SHUTDOWN_DEADLINE_MS: '25000',
    },
    replicas: 1,
  },
  {
    name: 'lake-sink',
    kind: 'StatefulSet',
    why: 'keeps live-row index checkpoints per pod (STATE_DIR) on a volume, so a restart does not rebuild them from the table',
    script: 'services/lake-sink/dist/main.js',
    httpPort: 9466,
    servicePort: 9466,
    consumer: {
      group: 'lakestream-lake-sink',
      inputs: [...CHANGES, ...REFERENCE].map((t) => `lakestream.enriched.${t}`),
      lagPerReplica: 50_000,
    },
    shutdownDeadlineMs: 25_000,
    preStopSeconds: 0,
    resources: { cpuRequest: '500m', cpuLimit: '2', memoryRequestMi: 600, memoryLimitMi: 1200 },
    state: { env: 'STATE_DIR', mountPath: '/var/lib/lakestream/lake-sink', size: '10Gi' },
    config: {
      LAKE_NAMESPACE: 'globalmart',
      INPUT_TOPIC_PREFIX: 'lakestream.enriched.',
      GROUP_ID: 'lakestream-lake-sink',
      COMMIT_INTERVAL_SECONDS: '5',
      COMMIT_MAX_ROWS: '200000',
      COMMIT_MAX_BYTES: '134217728',
      INDEX_CHECKPOINT_SECONDS: '60',
      ENCODE_THREADS: '1',
      HTTP_PORT: '9466',
      SHUTDOWN_DEADLINE_MS: '25000',
    },
    replicas: 1,
  },
  {
    name: 'projector',
    kind: 'Deployment',
    why: 'writes DynamoDB items conditionally on the source position, needs no transactional id nor per-pod state',
    script: 'services/inventory-api/dist/projector-main.js',
    httpPort: 9465,
    servicePort: 9465,
    consumer: {
      group: 'lakestream-inventory-projector',
      inputs: ['products', 'warehouses', 'inventory'].map((t) => `lakestream.enriched.${t}`),
      lagPerReplica: 2_000,
    },
    shutdownDeadlineMs: 25_000,
    preStopSeconds: 0,
    resources: { cpuRequest: '250m', cpuLimit: '1', memoryRequestMi: 224, memoryLimitMi: 448 },
    config: {
      ENSURE_TABLE: 'false',
      PRODUCTS_TOPIC: 'lakestream.enriched.products',
      WAREHOUSES_TOPIC: 'lakestream.enriched.warehouses',
      INVENTORY_TOPIC: 'lakestream.enriched.inventory',
      GROUP_ID: 'lakestream-inventory-projector',
      WRITE_CONCURRENCY: '16',
      HTTP_PORT: '9465',
      SHUTDOWN_DEADLINE_MS: '25000',
    },
    replicas: 1,
  },
  {
    name: 'inventory-api',
    kind: 'Deployment',
    why: 'stateless HTTP reads; the stock event feed consumes in a group of its own per process',
    script: 'services/inventory-api/dist/api-main.js',
    httpPort: 8080,
    servicePort: 80,
    shutdownDeadlineMs: 25_000,
    // Endpoints drop the pod before SIGTERM, so no new request reaches a closing server.
    preStopSeconds: 5,
    resources: { cpuRequest: '250m', cpuLimit: '1', memoryRequestMi: 160, memoryLimitMi: 320 },
    config: {
      HTTP_PORT: '8080',
      HTTP_HOST: '0.0.0.0',
      INVENTORY_TOPIC: 'lakestream.changes.inventory',
      STOCK_EVENTS_GROUP_PREFIX: 'lakestream-inventory-api',
      LOG_LEVEL: 'info',
      SHUTDOWN_DEADLINE_MS: '25000',
    },
    secret: { name: 'inventory-api-secrets', keys: ['API_KEYS'] },
    replicas: 2,
  },
];

/** Partitions per catalog topic in an environment of libs/schemas/topics.json. */
export function catalogPartitions(environment: 'local' | 'production'): ReadonlyMap<string, number> {
  const catalog = resolveTopicCatalog(readTopicCatalog(), environment);
  return new Map(catalog.topics.map((t) => [t.name, t.partitions]));
}

/** KEDA's replica cap: the most partitions of any input topic (more replicas would idle on it). */
export function replicaCap(
  service: DeployedService,
  environment: 'local' | 'production',
): number | undefined {
  if (!service.consumer) return undefined;
  const { inputs } = service.consumer;
  return inputs === 'raw' ? RAW_TOPIC_PARTITIONS[environment] : maxOf(catalogPartitions(environment), inputs);
}

/** SIGTERM to SIGKILL: the preStop pause, the service's own deadline, and 10 s for the exit itself. */
export const gracePeriodSeconds = (service: DeployedService) =>
  service.preStopSeconds + Math.ceil(service.shutdownDeadlineMs / 1000) + 10;

/** Variables every service shares, production values (the overlays change them). */
export const SHARED_CONFIG: Record<string, string> = {
  KAFKA_BROKERS: 'kafka-bootstrap:9098',
  SCHEMA_REGISTRY_URL: 'http://apicurio-registry.lakestream-registry.svc:8080/apis/ccompat/v7',
  AWS_REGION: 'eu-west-1',
  DLQ_TOPIC: 'lakestream.dlq',
  LAKESTREAM_WAREHOUSE: 's3://lakestream-warehouse/lake',
  CLAIM_CHECK_LOCATION: 's3://lakestream-warehouse/dlq',
  DYNAMODB_TABLE: 'lakestream-inventory',
  DYNAMODB_GSI: 'gsi1-warehouse-available',
  S3_FORCE_PATH_STYLE: 'false',
};
