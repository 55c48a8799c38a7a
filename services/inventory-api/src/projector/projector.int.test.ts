import {
  type AttributeValue,
  DeleteTableCommand,
  GetItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { connectKafka, dlqHeader, groupCaughtUp } from '@lakestream/kafka';
import { silentLog } from '@lakestream/runtime';
import {
  binlogOrdinal,
  type ChangeEvent,
  type InventoryRow,
  loadChangeEventSchema,
  type ProductsRow,
  recordDecoder,
  schemaRegistry,
  type Table,
  type WarehousesRow,
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
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { productKey, stockKey, tableDefaults, warehouseKey, warehouseStockPartition } from '../items';
import { ensureInventoryTable } from '../table';
import { loadProjectorConfig } from './config';
import { type ProjectorService, projectorService } from './service';

const stack = loadStackConfig();
const brokers = [`${stack.host}:${stack.ports.kafka}`];
const registryUrl = registryUrls(stack).confluent;
const silent = silentLog;
const tenant = 'acme';
const warehouse = 'ACME-WH-US-CA-01';

const ordinal = (pos: number) => binlogOrdinal({ file: 'binlog.000001', pos, row: 0 });

/** A change at a binlog position; its commit time follows the position, so order is visible. */
const change = <Row extends { tenant_id: string }>(
  table: Table,
  op: 'c' | 'u' | 'd',
  key: string,
  pos: number,
  row: Row,
) =>
  changeEventAt({ table, op, key, row, tenantId: row.tenant_id, pos, committedAt: 1_700_000_000_000 + pos });

const product = (sku: string, name: string, attributes: object): ProductsRow => ({
  sku,
  tenant_id: tenant,
  vendor_id: 7n,
  name,
  category: 'Technology',
  subcategory: 'Computers',
  brand: 'Acme',
  list_price_usd: '999.00',
  unit_cost_usd: '700.00',
  attributes: JSON.stringify(attributes),
  active: true,
  created_at: 1_700_000_000_000_000n,
  updated_at: 1_700_000_000_000_000n,
});

const stock = (sku: string, onHand: number, reserved: number): InventoryRow => ({
  sku,
  warehouse_id: warehouse,
  tenant_id: tenant,
  on_hand: onHand,
  reserved,
  reorder_point: 5,
  created_at: 1_700_000_000_000_000n,
  updated_at: 1_700_000_000_000_000n,
});

const warehouseRow: WarehousesRow = {
  warehouse_id: warehouse,
  tenant_id: tenant,
  market_id: 'US',
  name: 'Fresno DC',
  address_line1: '1 Road',
  city: 'Fresno',
  postal_code: '93650',
  country_code: 'US',
  created_at: 1_700_000_000_000_000n,
  updated_at: 1_700_000_000_000_000n,
};

const text = (value: AttributeValue | undefined) => value?.S;
const num = (value: AttributeValue | undefined) => (value?.N === undefined ? undefined : Number(value.N));

describe('inventory projector', () => {
  const dynamo = localDynamoDbClient(stack);
  const registry = schemaRegistry(registryUrl);
  const plainKafka = new Kafka({ clientId: 'projector-test', brokers, logLevel: logLevel.NOTHING });
  const id = uniqueName('projector');
  const tableName = id;
  const topics = { products: `${id}.products`, warehouses: `${id}.warehouses`, inventory: `${id}.inventory` };
  const metricsRegistry = new Registry();
  let service: ProjectorService | undefined;

  beforeAll(async () => {
    await ensureInventoryTable(dynamo, tableName, { log: silent });
    const admin = plainKafka.admin();
    await admin.connect();
    await admin
      .createTopics({ waitForLeaders: true, topics: Object.values(topics).map((topic) => ({ topic })) })
      .finally(() => admin.disconnect());
  });

  afterAll(async () => {
    await service?.stop();
    await dynamo.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    dynamo.destroy();
  });

  /** A projector of its own group on `of`'s topics, joined; stopped by afterAll or by the test. */
  async function startProjector(
    group: string,
    of: typeof topics,
    metrics = metricsRegistry,
  ): Promise<ProjectorService> {
    const config = loadProjectorConfig({
      KAFKA_BROKERS: brokers.join(','),
      SCHEMA_REGISTRY_URL: registryUrl,
      DYNAMODB_TABLE: tableName,
      PRODUCTS_TOPIC: of.products,
      WAREHOUSES_TOPIC: of.warehouses,
      INVENTORY_TOPIC: of.inventory,
      GROUP_ID: group,
      DLQ_TOPIC: `${id}.dlq`,
      CLAIM_CHECK_LOCATION: `s3://${stack.s3.warehouseBucket}/${id}/dlq`,
      HTTP_PORT: '0',
    });
    const started = projectorService(config, {
      kafka: connectKafka({ brokers: config.KAFKA_BROKERS, clientId: 'projector-test', log: silent }),
      decoder: recordDecoder({ registryUrl }),
      dynamo,
      claimChecks: warehouseStorage(config.CLAIM_CHECK_LOCATION, () => localS3Client(stack)),
      metricsRegistry: metrics,
      log: silent,
    });
    await started.start();
    await waitFor(() => started.ready(), { what: 'the projector to join its group', timeoutMs: 60_000 });
    return started;
  }

  it('projects changes conditionally on the source position and answers low-stock queries', async () => {
    const ids = new Map<Table, number>();
    for (const table of ['products', 'warehouses', 'inventory'] as const) {
      const { id: schemaId } = await registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(loadChangeEventSchema(table)) },
        { subject: `${topics[table]}-value` },
      );
      ids.set(table, schemaId);
    }
    const events: Record<'products' | 'warehouses' | 'inventory', ChangeEvent<{ tenant_id: string }>[]> = {
      products: [
        change('products', 'c', 'P1', 10, product('P1', 'Laptop', { ram_gb: 16 })),
        // An update that adds a key no product had: it lands in the map, no migration.
        change('products', 'u', 'P1', 30, product('P1', 'Laptop Pro', { ram_gb: 32, gpu: 'rtx' })),
        // Older than what is stored (a reordered redelivery): must not win.
        change('products', 'u', 'P1', 20, product('P1', 'OLD NAME', { ram_gb: 8 })),
        // The same change twice.
        change('products', 'u', 'P1', 30, product('P1', 'Laptop Pro', { ram_gb: 32, gpu: 'rtx' })),
        change('products', 'c', 'P2', 11, product('P2', 'Mouse', {})),
        change('products', 'd', 'P2', 40, product('P2', 'Mouse', {})),
      ],
      warehouses: [change('warehouses', 'c', warehouse, 12, warehouseRow)],
      inventory: [
        change('inventory', 'c', `P1|${warehouse}`, 13, stock('P1', 3, 1)),
        change('inventory', 'c', `P2|${warehouse}`, 14, stock('P2', 100, 0)),
        change('inventory', 'c', `P3|${warehouse}`, 15, stock('P3', 5, 5)),
        change('inventory', 'u', `P3|${warehouse}`, 50, stock('P3', 1, 0)),
        change('inventory', 'u', `P3|${warehouse}`, 45, stock('P3', 99, 0)),
        change('inventory', 'c', `P4|${warehouse}`, 16, stock('P4', 0, 0)),
        change('inventory', 'd', `P4|${warehouse}`, 60, stock('P4', 0, 0)),
        // Not a canonical inventory key: cannot become an item, so it is dead-lettered, not dropped.
        change('inventory', 'c', 'NO-WAREHOUSE-PART', 17, stock('P5', 1, 0)),
      ],
    };
    const producer = plainKafka.producer();
    await producer.connect();
    try {
      for (const table of ['products', 'warehouses', 'inventory'] as const) {
        const messages = await Promise.all(
          events[table].map(async (event) => ({
            key: event.key,
            value: await registry.encode(ids.get(table) ?? -1, event),
          })),
        );
        await producer.send({ topic: topics[table], messages, acks: -1 });
      }
    } finally {
      await producer.disconnect();
    }
    const total = Object.values(events).reduce((sum, list) => sum + list.length, 0) - 1;

    service = await startProjector(id, topics);

    const writes = async () => {
      const metric = (await metricsRegistry.getMetricsAsJSON()).find(
        (m) => m.name === 'lakestream_projector_writes_total',
      );
      const of = (outcome: string) =>
        (metric?.values ?? []).filter((v) => v.labels.outcome === outcome).reduce((s, v) => s + v.value, 0);
      return { applied: of('applied'), stale: of('stale'), superseded: of('superseded') };
    };
    // At least once: every record written, found stale or superseded; redeliveries only add stale ones.
    const counted = await waitFor(
      async () => {
        const counts = await writes();
        return counts.applied + counts.stale + counts.superseded >= total && counts;
      },
      { what: `all ${total} changes to be applied or skipped`, timeoutMs: 90_000, intervalMs: 200 },
    );
    // Everything was on the topics before the projector started, so each partition came as one
    // batch: one write per item (P1, P2, the warehouse, four stock items), the rest superseded.
    expect(counted.applied).toBe(7);
    expect(counted.superseded + counted.stale).toBe(total - 7);

    const dead: { code?: string; reason?: string }[] = [];
    const reader = plainKafka.consumer({ groupId: uniqueName('projector-dlq') });
    await reader.connect();
    await reader.subscribe({ topic: `${id}.dlq`, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) =>
        void dead.push({
          code: message.headers?.[dlqHeader.code]?.toString(),
          reason: message.headers?.[dlqHeader.reason]?.toString(),
        }),
    });
    await waitFor(() => dead.length >= 1, { what: 'the invalid change in the DLQ', timeoutMs: 30_000 });
    await reader.disconnect();
    expect(dead[0]?.code).toBe('PROJECT_INVALID_CHANGE');
    expect(dead[0]?.reason).toMatch(/NO-WAREHOUSE-PART/);

    const get = async (key: { pk: string; sk: string }) =>
      (
        await dynamo.send(
          new GetItemCommand({
            TableName: tableName,
            Key: { pk: { S: key.pk }, sk: { S: key.sk } },
            ConsistentRead: true,
          }),
        )
      ).Item;

    const p1 = await get(productKey(tenant, 'P1'));
    expect(text(p1?.name)).toBe('Laptop Pro');
    expect(text(p1?.sourceOrdinal)).toBe(ordinal(30));
    expect(p1?.attributes).toEqual({ M: { ram_gb: { N: '32' }, gpu: { S: 'rtx' } } });
    expect(p1?.vendorId).toEqual({ S: '7' });
    expect(num(p1?.committedAt)).toBe(1_700_000_000_030_000);

    const p2 = await get(productKey(tenant, 'P2'));
    expect(p2?.deleted).toEqual({ BOOL: true });
    expect(p2?.name).toBeUndefined();
    expect(num(p2?.expiresAt)).toBeGreaterThan(Date.now() / 1000);

    const wh = await get(warehouseKey(tenant, warehouse));
    expect(text(wh?.city)).toBe('Fresno');

    const s3 = await get(stockKey(tenant, 'P3', warehouse));
    expect([num(s3?.onHand), num(s3?.reserved), num(s3?.available)]).toEqual([1, 0, 1]);
    expect(text(s3?.sourceOrdinal)).toBe(ordinal(50));
    const s1 = await get(stockKey(tenant, 'P1', warehouse));
    expect(num(s1?.available)).toBe(2);

    // Low stock in the warehouse: available below 5, lowest first; the deleted P4 has left the index.
    const low = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: tableDefaults.gsi,
        KeyConditionExpression: 'gsi1pk = :w AND gsi1sk < :n',
        ExpressionAttributeValues: {
          ':w': { S: warehouseStockPartition(tenant, warehouse) },
          ':n': { N: '5' },
        },
      }),
    );
    expect((low.Items ?? []).map((item) => [text(item.sku), num(item.available)])).toEqual([
      ['P3', 1],
      ['P1', 2],
    ]);
    expect((await get(stockKey(tenant, 'P4', warehouse)))?.deleted).toEqual({ BOOL: true });
  });

  it('commits past a fetch that holds only an aborted transaction and its marker', async () => {
    const group = uniqueName('projector-markers');
    const own = {
      products: `${group}.products`,
      warehouses: `${group}.warehouses`,
      inventory: `${group}.inventory`,
    };
    const admin = plainKafka.admin();
    await admin.connect();
    const markers = await startProjector(
      group,
      await admin
        .createTopics({ waitForLeaders: true, topics: Object.values(own).map((topic) => ({ topic })) })
        .then(() => own),
      new Registry(),
    );
    try {
      const producer = plainKafka.producer({
        transactionalId: `${group}-aborted`,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await producer.connect();
      const { id: schemaId } = await registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(loadChangeEventSchema('products')) },
        { subject: `${own.products}-value` },
      );
      const value = await registry.encode(
        schemaId,
        change('products', 'c', 'PX', 70, product('PX', 'Never', {})),
      );
      const transaction = await producer.transaction();
      await transaction.send({ topic: own.products, messages: [{ key: 'PX', value }], acks: -1 });
      await transaction.abort();
      await producer.disconnect();
      // The abort marker is written after the producer hears back: until then the end stays put.
      const end = async () =>
        (await admin.fetchTopicOffsets(own.products)).reduce((n, p) => n + Number(p.high), 0);
      await waitFor(async () => (await end()) === 2, {
        what: 'the abort marker to be written (the record and its marker, two offsets)',
        timeoutMs: 30_000,
      });
      await waitFor(() => groupCaughtUp(admin, group, [own.products]), {
        what: 'the projector to commit past the aborted transaction',
        timeoutMs: 60_000,
      });
      const { pk, sk } = productKey(tenant, 'PX');
      const read = await dynamo.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { pk: { S: pk }, sk: { S: sk } },
          ConsistentRead: true,
        }),
      );
      expect(read.Item).toBeUndefined();
    } finally {
      await markers.stop();
      await admin.disconnect();
    }
  });
});
