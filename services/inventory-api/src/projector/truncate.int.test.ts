import { DeleteTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { connectKafka, groupCaughtUp } from '@lakestream/kafka';
import { silentLog } from '@lakestream/runtime';
import {
  type ChangeEvent,
  loadChangeEventSchema,
  type ProductsRow,
  recordDecoder,
  schemaRegistry,
} from '@lakestream/schemas';
import {
  loadStackConfig,
  localDynamoDbClient,
  localS3Client,
  registryUrls,
  uniqueName,
  waitFor,
} from '@lakestream/stack';
import { warehouseStorage } from '@lakestream/storage';
import { changeEventAt } from '@lakestream/testkit';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Registry } from 'prom-client';
import { productKey } from '../items';
import { ensureInventoryTable } from '../table';
import { loadProjectorConfig } from './config';
import { projectorService } from './service';

const stack = loadStackConfig();
const brokers = [`${stack.host}:${stack.ports.kafka}`];
const registryUrl = registryUrls(stack).confluent;

const product = (sku: string, tenant: string): ProductsRow => ({
  sku,
  tenant_id: tenant,
  vendor_id: 7n,
  name: sku,
  category: 'Technology',
  subcategory: 'Computers',
  brand: 'Acme',
  list_price_usd: '1.00',
  unit_cost_usd: '0.50',
  attributes: '{}',
  active: true,
  created_at: 1_700_000_000_000_000n,
  updated_at: 1_700_000_000_000_000n,
});

describe('a source TRUNCATE reaches DynamoDB', () => {
  it('removes every item older than it, of every tenant and partition, by ordinal however late either arrives', async () => {
    const id = uniqueName('projector-truncate');
    const topic = `${id}.products`;
    const dynamo = localDynamoDbClient(stack);
    const kafka = new Kafka({ clientId: id, brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await ensureInventoryTable(dynamo, id, { log: silentLog });
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 3 }, { topic: `${id}.warehouses` }, { topic: `${id}.inventory` }],
    });
    const registry = schemaRegistry(registryUrl);
    const { id: schemaId } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(loadChangeEventSchema('products')) },
      { subject: `${topic}-value` },
    );
    const event = (op: 'c' | 't', sku: string, tenant: string, pos: number): ChangeEvent<ProductsRow> => {
      const change = changeEventAt({
        table: 'products',
        op,
        key: sku,
        row: product(sku, tenant),
        tenantId: tenant,
        pos,
        committedAt: 1,
      });
      if (op === 't') Object.assign(change, { key: '', before: null, after: null, tenantId: null });
      return change;
    };
    const before = Array.from({ length: 24 }, (_, i) =>
      event('c', `OLD-${i}`, i % 2 ? 'acme' : 'globex', 10 + i),
    );
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const encode = async (e: ChangeEvent<ProductsRow>) => registry.encode(schemaId, e);
    await producer.send({
      topic,
      messages: await Promise.all(before.map(async (e) => ({ key: e.key, value: await encode(e) }))),
    });
    // Made after the TRUNCATE (position 150) but read from another raw partition: it arrives first.
    const newer = event('c', 'NEWER', 'acme', 150);
    await producer.send({ topic, messages: [{ key: newer.key, value: await encode(newer) }] });
    // The truncate at position 100, once on each partition (as cdc-ingest emits it), then a new row
    // and a late one made before the truncate (position 90), which must not come back.
    const truncate = await encode(event('t', '', 'acme', 100));
    await producer.send({
      topic,
      messages: [0, 1, 2].map((partition) => ({ partition, key: null, value: truncate })),
    });
    const after = event('c', 'NEW-1', 'acme', 101);
    const late = event('c', 'LATE', 'acme', 90);
    await producer.send({
      topic,
      messages: [
        { key: after.key, value: await encode(after) },
        { key: late.key, value: await encode(late) },
      ],
    });
    await producer.disconnect();

    const config = loadProjectorConfig({
      KAFKA_BROKERS: brokers.join(','),
      SCHEMA_REGISTRY_URL: registryUrl,
      DYNAMODB_TABLE: id,
      PRODUCTS_TOPIC: topic,
      WAREHOUSES_TOPIC: `${id}.warehouses`,
      INVENTORY_TOPIC: `${id}.inventory`,
      GROUP_ID: id,
      DLQ_TOPIC: `${id}.dlq`,
    });
    const service = projectorService(config, {
      kafka: connectKafka({ brokers, clientId: id, log: silentLog }),
      decoder: recordDecoder({ registryUrl }),
      claimChecks: warehouseStorage(config.CLAIM_CHECK_LOCATION, () => localS3Client(stack)),
      dynamo,
      metricsRegistry: new Registry(),
      log: silentLog,
    });
    await service.start();
    try {
      await waitFor(() => groupCaughtUp(admin, id, [topic]), {
        what: 'the projector to reach the end',
        timeoutMs: 60_000,
      });
      const item = async (sku: string, tenant: string) =>
        (
          await dynamo.send(
            new GetItemCommand({
              TableName: id,
              Key: { pk: { S: productKey(tenant, sku).pk }, sk: { S: 'PRODUCT' } },
              ConsistentRead: true,
            }),
          )
        ).Item;
      for (const old of before) {
        expect((await item(old.key, old.tenantId ?? ''))?.deleted).toEqual({ BOOL: true });
      }
      for (const sku of ['NEW-1', 'NEWER']) {
        const kept = await item(sku, 'acme');
        expect(kept?.deleted).toBeUndefined();
        expect(kept?.name).toEqual({ S: sku });
      }
      expect(await item('LATE', 'acme')).toBeUndefined();
    } finally {
      await service.stop();
      await admin.disconnect();
      await dynamo.send(new DeleteTableCommand({ TableName: id })).catch(() => undefined);
      dynamo.destroy();
    }
  });
});
