import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, DeleteTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { groupCaughtUp } from '@lakestream/kafka';
import {
  type ChangeEvent,
  loadChangeEventSchema,
  type ProductsRow,
  schemaRegistry,
} from '@lakestream/schemas';
import { loadStackConfig, localDynamoDbClient, registryUrls, uniqueName, waitFor } from '@lakestream/stack';
import {
  changeEventAt,
  freePort,
  readDeadLetters,
  scrapeMetric,
  spawnService,
  undecodableRecords,
} from '@lakestream/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { productKey } from '../items';

const stack = loadStackConfig();
const brokers = [`${stack.host}:${stack.ports.kafka}`];
const registryUrl = registryUrls(stack).confluent;
const tenant = 'acme';

const product = (sku: string, attributes: string): ProductsRow => ({
  sku,
  tenant_id: tenant,
  vendor_id: 7n,
  name: `Product ${sku}`,
  category: 'Technology',
  subcategory: 'Computers',
  brand: 'Acme',
  list_price_usd: '999.00',
  unit_cost_usd: '700.00',
  attributes,
  active: true,
  created_at: 1_700_000_000_000_000n,
  updated_at: 1_700_000_000_000_001n,
});

/**
 * The projector as its own process (as it runs in production) meets poison of every kind between
 * good changes: records that are not Avro, numbers DynamoDB cannot hold, an empty attribute name,
 * an item DynamoDB refuses, a change without a tenant. The good ones land, the poison is in the DLQ
 * with its reason, the process never restarts, and the group's lag returns to zero.
 */
describe('the projector never stops on one record', () => {
  const kafka = new Kafka({ clientId: 'projector-poison', brokers, logLevel: logLevel.NOTHING });
  const dynamo = localDynamoDbClient(stack);
  const id = uniqueName('projector-poison');
  const topics = { products: `${id}.products`, warehouses: `${id}.warehouses`, inventory: `${id}.inventory` };
  const logFile = join(mkdtempSync(join(tmpdir(), 'projector-poison-')), 'projector.log');

  afterAll(async () => {
    await dynamo.send(new DeleteTableCommand({ TableName: id })).catch(() => undefined);
    dynamo.destroy();
  });

  it('dead-letters each poison record with its reason and moves on', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [...Object.values(topics), `${id}.dlq`].map((topic) => ({ topic })),
    });
    const registry = schemaRegistry(registryUrl);
    const { id: schemaId } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(loadChangeEventSchema('products')) },
      { subject: `${topics.products}-value` },
    );
    let pos = 0;
    /** A change as cdc-ingest writes it; `mangle` makes it one no item can come from. */
    const encode = async (row: ProductsRow, mangle?: (event: ChangeEvent<ProductsRow>) => void) => {
      const event = changeEventAt({
        table: 'products',
        op: 'u',
        key: row.sku,
        row,
        tenantId: row.tenant_id,
        pos: ++pos,
        committedAt: 1_700_000_000_000,
      });
      mangle?.(event);
      return { key: row.sku, value: await registry.encode(schemaId, event) };
    };
    const poison = undecodableRecords(schemaId);
    const huge = JSON.stringify({ blob: 'x'.repeat(420 * 1024) }); // over DynamoDB's 400 KB item limit
    const messages = [
      await encode(product('GOOD-1', '{"ram_gb":16}')),
      ...poison.map(({ value }, i) => ({ key: `POISON-${i}`, value })),
      // Exact, not poison: stored losslessly (N or the marker map), so they must NOT be dead-lettered.
      await encode(
        product('EXACT-1', '{"huge":1e300,"tiny":1e-131,"big":12345678901234567890,"":"empty key"}'),
      ),
      await encode(product('TOO-BIG', huge)),
      // An update without its after image: nothing to write.
      await encode(product('NO-AFTER', '{}'), (event) => {
        event.after = null;
      }),
      await encode(product('GOOD-2', '{"ram_gb":32}')),
    ];
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topics.products, messages, acks: -1 });
    await producer.disconnect();

    const port = await freePort();
    const projector = spawnService(
      'services/inventory-api/dist/projector-main.js',
      {
        KAFKA_BROKERS: brokers.join(','),
        SCHEMA_REGISTRY_URL: registryUrl,
        DYNAMODB_ENDPOINT: `http://${stack.host}:${stack.ports.dynamodb}`,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        DYNAMODB_TABLE: id,
        ENSURE_TABLE: 'true',
        PRODUCTS_TOPIC: topics.products,
        WAREHOUSES_TOPIC: topics.warehouses,
        INVENTORY_TOPIC: topics.inventory,
        GROUP_ID: id,
        DLQ_TOPIC: `${id}.dlq`,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'info',
      },
      logFile,
    );
    const explain = () => readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    try {
      await waitFor(
        async () => {
          const get = (sku: string) =>
            dynamo.send(
              new GetItemCommand({
                TableName: id,
                Key: { pk: { S: productKey(tenant, sku).pk }, sk: { S: 'PRODUCT' } },
              }),
            );
          return (await get('GOOD-2').catch(() => undefined))?.Item !== undefined;
        },
        { what: `the change after the poison to land (log:\n${explain()})`, timeoutMs: 90_000 },
      );
      await waitFor(() => groupCaughtUp(admin, id, [topics.products]), {
        what: 'the group to commit past every record',
        timeoutMs: 60_000,
      });

      const dead = await readDeadLetters(kafka, `${id}.dlq`, poison.length + 2);
      expect(dead.map((d) => d.code).sort()).toEqual(
        [...poison.map((p) => p.code), 'PROJECT_INVALID_CHANGE', 'PROJECT_WRITE_REFUSED'].sort(),
      );
      expect(dead.every((d) => d.stage === 'project' && (d.reason ?? '').length > 0)).toBe(true);
      expect(dead.find((d) => d.code === 'PROJECT_WRITE_REFUSED')?.reason).toMatch(/ValidationException/);
      expect(dead.find((d) => d.code === 'PROJECT_INVALID_CHANGE')?.reason).toMatch(/has no after/);

      const exact = await dynamo.send(
        new GetItemCommand({
          TableName: id,
          Key: { pk: { S: productKey(tenant, 'EXACT-1').pk }, sk: { S: 'PRODUCT' } },
        }),
      );
      const attributes = exact.Item?.attributes?.M as Record<string, AttributeValue>;
      expect(attributes.huge).toEqual({ M: { $n: { S: '1e300' } } });
      expect(attributes.tiny).toEqual({ M: { $n: { S: '1e-131' } } });
      expect(attributes.big).toEqual({ N: '12345678901234567890' });
      expect(attributes.$).toEqual({ S: 'empty key' });

      expect(await scrapeMetric(port, 'lakestream_dead_letters_total', { stage: 'project' })).toBe(
        poison.length + 2,
      );
      expect(projector.exitedOnItsOwn()).toBeUndefined();
    } finally {
      await admin.disconnect();
      await projector.stop('SIGTERM');
    }
    expect(projector.exitedOnItsOwn()).toBeUndefined();
  });
});
