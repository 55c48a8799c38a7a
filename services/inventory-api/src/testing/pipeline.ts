import { registryUrls, type StackConfig } from '@lakestream/stack';

/**
 * The environment of a private copy of the spine on the local stack — cdc-ingest reading the real
 * Debezium topics into `<id>.changes.*`, the projector writing table `<id>-inventory` — so an
 * end-to-end test or a benchmark shares nothing with anyone else's run.
 */
export function privatePipeline(id: string, stack: StackConfig) {
  const brokers = `${stack.host}:${stack.ports.kafka}`;
  const registryUrl = registryUrls(stack).confluent;
  const changes = `${id}.changes.`;
  const table = `${id}-inventory`;
  const aws = {
    AWS_REGION: stack.s3.region,
    AWS_ACCESS_KEY_ID: 'lakestream',
    AWS_SECRET_ACCESS_KEY: 'lakestream-local-secret',
    DYNAMODB_ENDPOINT: `http://${stack.host}:${stack.ports.dynamodb}`,
  };
  const changeTopics = ['products', 'warehouses', 'inventory'].map((t) => `${changes}${t}`);
  return {
    brokers,
    registryUrl,
    table,
    aws,
    changeTopics,
    ingestGroup: `${id}-ingest`,
    projectorGroup: `${id}-projector`,
    ingestEnv: {
      KAFKA_BROKERS: brokers,
      SCHEMA_REGISTRY_URL: registryUrl,
      GROUP_ID: `${id}-ingest`,
      CHANGES_TOPIC_PREFIX: changes,
      DLQ_TOPIC: `${id}.dlq`,
      HTTP_PORT: '0',
    },
    projectorEnv: {
      ...aws,
      KAFKA_BROKERS: brokers,
      SCHEMA_REGISTRY_URL: registryUrl,
      DYNAMODB_TABLE: table,
      ENSURE_TABLE: 'true',
      PRODUCTS_TOPIC: `${changes}products`,
      WAREHOUSES_TOPIC: `${changes}warehouses`,
      INVENTORY_TOPIC: `${changes}inventory`,
      GROUP_ID: `${id}-projector`,
      DLQ_TOPIC: `${id}.dlq`,
      HTTP_PORT: '0',
    },
  };
}
