import type { AddressInfo } from 'node:net';
import { DeleteTableCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { connectKafka, consumerMetrics } from '@lakestream/kafka';
import { silentLog } from '@lakestream/runtime';
import {
  binlogOrdinal,
  type ChangeEvent,
  type InventoryRow,
  isoFromMicros,
  loadChangeEventSchema,
  recordDecoder,
  schemaRegistry,
} from '@lakestream/schemas';
import { loadStackConfig, localDynamoDbClient, registryUrls, uniqueName, waitFor } from '@lakestream/stack';
import { changeEventAt, undecodableRecords } from '@lakestream/testkit';
import type { FastifyInstance } from 'fastify';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { toItem } from '../attribute-value';
import { stockKey, warehouseStockPartition } from '../items';
import { ensureInventoryTable } from '../table';
import { buildApp } from './app';
import { type KafkaStockEvents, kafkaStockEvents } from './stock-source';

const stack = loadStackConfig();
const brokers = [`${stack.host}:${stack.ports.kafka}`];
const registryUrl = registryUrls(stack).confluent;
const silent = silentLog;
const keyA = 'key-tenant-a-0123456789';
const keyB = 'key-tenant-b-0123456789';
const committedAt = Date.parse('2025-03-01T10:00:00.000Z');

interface SseEvent {
  event?: string;
  id?: string;
  data: string;
}

/** An open event stream read with fetch: its parsed events so far, and a way to close it. */
async function openStream(port: number, sku: string, apiKey: string) {
  const abort = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}/v1/inventory/${sku}/events`, {
    headers: { 'x-api-key': apiKey, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let text = '';
  const reading = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      text += decoder.decode(chunk as Uint8Array, { stream: true });
      for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
        const frame = text.slice(0, end);
        text = text.slice(end + 2);
        const event: SseEvent = { data: '' };
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) {
            comments.push(line);
            continue;
          }
          const at = line.indexOf(': ');
          const [field, value] = at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 2)];
          if (field === 'event') event.event = value;
          else if (field === 'id') event.id = value;
          else if (field === 'data') event.data += value;
        }
        if (event.event || event.data) events.push(event);
      }
    }
  })().catch(() => undefined); // aborted by close()
  return {
    response,
    events,
    comments,
    /** Settles when the server ends the stream (or close() aborts it). */
    ended: reading,
    close: async () => {
      abort.abort();
      await reading;
    },
  };
}

describe('GET /v1/inventory/:sku/events on Kafka and DynamoDB Local', () => {
  const id = uniqueName('inventory-api-events');
  const topic = `${id}.inventory`;
  const tableName = id;
  const registry = schemaRegistry(registryUrl);
  const plainKafka = new Kafka({ clientId: 'events-test', brokers, logLevel: logLevel.NOTHING });
  let dynamo: DynamoDBClient;
  let app: FastifyInstance | undefined;
  let source: KafkaStockEvents;
  const feedRegistry = new Registry();
  let schemaId: number;
  let port: number;

  const change = (tenant: string, sku: string, pos: number, onHand: number): ChangeEvent<InventoryRow> =>
    changeEventAt({
      table: 'inventory',
      op: 'u',
      key: `${sku}|WH-1`,
      row: {
        sku,
        warehouse_id: 'WH-1',
        tenant_id: tenant,
        on_hand: onHand,
        reserved: 1,
        reorder_point: 5,
        created_at: BigInt(committedAt) * 1000n,
        updated_at: BigInt(committedAt + pos) * 1000n,
      },
      tenantId: tenant,
      pos,
      committedAt: committedAt + pos,
    });

  const produce = async (...events: ChangeEvent<InventoryRow>[]) => {
    const producer = plainKafka.producer();
    await producer.connect();
    try {
      const messages = await Promise.all(
        events.map(async (event) => ({ key: event.key, value: await registry.encode(schemaId, event) })),
      );
      await producer.send({ topic, messages, acks: -1 });
    } finally {
      await producer.disconnect();
    }
  };

  beforeAll(async () => {
    dynamo = localDynamoDbClient(stack);
    await ensureInventoryTable(dynamo, tableName);
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: toItem({
          ...stockKey('a', 'SKU-1', 'WH-1'),
          gsi1pk: warehouseStockPartition('a', 'WH-1'),
          gsi1sk: 8,
          kind: 'stock',
          tenantId: 'a',
          sourceOrdinal: binlogOrdinal({ file: 'binlog.000001', pos: 1, row: 0 }),
          committedAt: committedAt * 1000,
          sku: 'SKU-1',
          warehouseId: 'WH-1',
          onHand: 10,
          reserved: 2,
          available: 8,
          reorderPoint: 5,
          updatedAt: committedAt * 1000,
        }),
      }),
    );
    const admin = plainKafka.admin();
    await admin.connect();
    await admin
      .createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] })
      .finally(() => admin.disconnect());
    ({ id: schemaId } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(loadChangeEventSchema('inventory')) },
      { subject: `${topic}-value` },
    ));
    source = kafkaStockEvents({
      kafka: connectKafka({ brokers, clientId: 'events-test', log: silent }),
      decoder: recordDecoder({ registryUrl }),
      topic,
      groupPrefix: id,
      log: silent,
      metrics: consumerMetrics(feedRegistry),
    });
    app = await buildApp({
      dynamo,
      tableName,
      apiKeys: new Map([
        [keyA, 'a'],
        [keyB, 'b'],
      ]),
      metricsRegistry: new Registry(),
      stockEvents: source,
      sseKeepAliveMs: 200,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
    await waitFor(() => source.ready(), { what: 'the stock events consumer to fetch', timeoutMs: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await dynamo?.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    dynamo?.destroy();
  });

  it('streams a snapshot, then only its own tenant’s changes of the SKU', async () => {
    const stream = await openStream(port, 'SKU-1', keyA);
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.response.headers.get('cache-control')).toBe('no-cache');
      const snapshot = await waitFor(() => stream.events.find((e) => e.event === 'snapshot'), {
        what: 'the snapshot event',
        timeoutMs: 10_000,
      });
      expect(JSON.parse(snapshot.data)).toEqual({
        sku: 'SKU-1',
        totalAvailable: 8,
        warehouses: [
          {
            warehouseId: 'WH-1',
            onHand: 10,
            reserved: 2,
            available: 8,
            reorderPoint: 5,
            updatedAt: isoFromMicros(committedAt * 1000),
            committedAt: isoFromMicros(committedAt * 1000),
          },
        ],
      });

      // Poison first: records no retry can decode are skipped, and the feed goes on to what follows.
      const poison = plainKafka.producer();
      await poison.connect();
      await poison.send({
        topic,
        messages: undecodableRecords(schemaId).map(({ value }, i) => ({ key: `poison-${i}`, value })),
        acks: -1,
      });
      await poison.disconnect();
      // Tenant b's change of the same SKU text goes first on the one partition: once a's arrives,
      // b's has been consumed too, so its absence is not a matter of waiting longer.
      await produce(change('b', 'SKU-1', 20, 99), change('a', 'SKU-2', 21, 50), change('a', 'SKU-1', 22, 7));
      const stock = await waitFor(() => stream.events.find((e) => e.event === 'stock'), {
        what: 'the stock event',
        timeoutMs: 30_000,
      });
      expect(stock.id).toBe(binlogOrdinal({ file: 'binlog.000001', pos: 22, row: 0 }));
      expect(JSON.parse(stock.data)).toEqual({
        sku: 'SKU-1',
        warehouseId: 'WH-1',
        onHand: 7,
        reserved: 1,
        available: 6,
        committedAt: isoFromMicros(BigInt(committedAt + 22) * 1000n),
        op: 'u',
      });
      expect(stream.events.map((e) => e.event)).toEqual(['snapshot', 'stock']);
      // The feed reports its lag and throughput as every consumer does: every record read (the
      // poison and the other tenant's included), and nothing left behind on the one partition.
      const read = undecodableRecords(schemaId).length + 3;
      const series = async (name: string) =>
        (await feedRegistry.getMetricsAsJSON()).find((m) => m.name === name)?.values ?? [];
      await waitFor(
        async () =>
          (await series('lakestream_records_consumed_total')).reduce((n, v) => n + v.value, 0) >= read,
        { what: `the feed to count ${read} records read`, timeoutMs: 10_000 },
      );
      expect(await series('lakestream_consumer_lag')).toEqual([
        { labels: { group: expect.stringMatching(new RegExp(`^${id}-`)), topic, partition: '0' }, value: 0 },
      ]);
      await waitFor(() => stream.comments.includes(': keep-alive'), {
        what: 'a keep-alive comment',
        timeoutMs: 5_000,
      });
    } finally {
      await stream.close();
    }
  });

  it('answers 404 JSON for another tenant’s SKU and 401 without a key, before any stream', async () => {
    const other = await fetch(`http://127.0.0.1:${port}/v1/inventory/SKU-1/events`, {
      headers: { 'x-api-key': keyB },
    });
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    const anonymous = await fetch(`http://127.0.0.1:${port}/v1/inventory/SKU-1/events`);
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
    const bad = await fetch(`http://127.0.0.1:${port}/v1/inventory/bad%20sku/events`, {
      headers: { 'x-api-key': keyA },
    });
    expect(bad.status).toBe(400);
    await bad.body?.cancel();
  });

  it('documents the route as an event stream', async () => {
    const doc = (await (await fetch(`http://127.0.0.1:${port}/openapi.json`)).json()) as {
      paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    const route = doc.paths['/v1/inventory/{sku}/events'];
    expect(Object.keys(route?.get.responses['200']?.content ?? {})).toEqual(['text/event-stream']);
  });

  it('ends open streams when the app closes', async () => {
    const stream = await openStream(port, 'SKU-1', keyA);
    await waitFor(() => stream.events.length > 0, { what: 'the snapshot event', timeoutMs: 10_000 });
    const closing = app?.close();
    app = undefined;
    await closing;
    // Settles only if the server ended the stream: the test times out otherwise.
    await stream.ended;
    expect(stream.events.map((e) => e.event)).toEqual(['snapshot']);
  }, 30_000);
});
