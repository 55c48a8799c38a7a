import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { DeleteTableCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { connectKafka } from '@lakestream/kafka';
import { silentLog } from '@lakestream/runtime';
import { recordDecoder } from '@lakestream/schemas';
import { loadStackConfig, localDynamoDbClient, registryUrls, uniqueName, waitFor } from '@lakestream/stack';
import type { FastifyInstance } from 'fastify';
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { toItem } from '../attribute-value';
import { stockKey, warehouseStockPartition } from '../items';
import { ensureInventoryTable } from '../table';
import { buildApp } from './app';
import type { StockEventSource } from './stock-event';
import { kafkaStockEvents } from './stock-source';

const stack = loadStackConfig();
const brokers = [`${stack.host}:${stack.ports.kafka}`];
const apiKey = 'key-tenant-a-0123456789';

/** The app's log lines, as JSON, for asserting what an operator would read. */
function capturedLog() {
  const lines: { event?: string; reason?: string; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, sink) };
}

interface Running {
  app: FastifyInstance;
  port: number;
  starts: () => number;
  lines: ReturnType<typeof capturedLog>['lines'];
}

/** An app whose stock events come from `brokers` and `topic`, with its source's starts counted. */
async function start(options: { brokers: string[]; topic: string; backoffMs: number }): Promise<Running> {
  const source = kafkaStockEvents({
    kafka: connectKafka({ brokers: options.brokers, clientId: 'feed-test', log: silentLog }),
    decoder: recordDecoder({ registryUrl: registryUrls(stack).confluent }),
    topic: options.topic,
    groupPrefix: uniqueName('feed-test'),
    log: silentLog,
  });
  let starts = 0;
  const counted: StockEventSource = {
    start: (sink, failed) => {
      starts++;
      return source.start(sink, failed);
    },
    stop: () => source.stop(),
  };
  const { lines, logger } = capturedLog();
  const app = await buildApp({
    dynamo,
    tableName,
    apiKeys: new Map([[apiKey, 'a']]),
    metricsRegistry: new Registry(),
    log: logger,
    stockEvents: counted,
    stockEventsBackoffMs: () => options.backoffMs,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as AddressInfo).port, starts: () => starts, lines };
}

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in expectations
  body: any;
}

const get = async (running: Running, path: string, signal?: AbortSignal): Promise<Reply> => {
  const response = await fetch(`http://127.0.0.1:${running.port}${path}`, {
    headers: { 'x-api-key': apiKey },
    ...(signal ? { signal } : {}),
  });
  const isStream = response.headers.get('content-type')?.startsWith('text/event-stream');
  return { status: response.status, body: isStream ? undefined : await response.json() };
};

const feedLines = (running: Running) =>
  running.lines
    .filter((l) => l.event?.startsWith('stock_feed_'))
    .map((l) => `${l.event} ${l.reason ?? ''}`.trim());

let dynamo: DynamoDBClient;
const tableName = uniqueName('inventory-api-feed');
const missingTopic = `${uniqueName('feed-test')}.inventory`;
let withoutTopic: Running;
let withoutKafka: Running;

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
        sourceOrdinal: '00000001',
        committedAt: Date.parse('2025-03-01T10:00:00.000Z'),
        sku: 'SKU-1',
        warehouseId: 'WH-1',
        onHand: 10,
        reserved: 2,
        available: 8,
        reorderPoint: 5,
        updatedAt: Date.parse('2025-03-01T10:00:00.000Z'),
      }),
    }),
  );
  // Both start together: the one without Kafka spends ~25 s in kafkajs' own connection retries.
  [withoutTopic, withoutKafka] = await Promise.all([
    start({ brokers, topic: missingTopic, backoffMs: 100 }),
    // Port 1 refuses connections; one attempt is enough here, and none is in flight at close.
    start({ brokers: ['127.0.0.1:1'], topic: 'lakestream.changes.inventory', backoffMs: 3_600_000 }),
  ]);
});

afterAll(async () => {
  await Promise.all([withoutTopic?.app.close(), withoutKafka?.app.close()]);
  await dynamo?.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  dynamo?.destroy();
});

describe('the API without its stock event feed', () => {
  it('serves reads, is ready, and names the missing topic in a 503 until the topic exists', async () => {
    const unavailable = await waitFor(
      async () => {
        const response = await get(withoutTopic, '/v1/inventory/SKU-1/events');
        return response.status === 503 && response.body.error.message.includes('does not exist') && response;
      },
      { what: 'the events route to name the missing topic', timeoutMs: 30_000 },
    );
    expect(unavailable.body).toEqual({
      error: {
        code: 'UNAVAILABLE',
        message: `stock events unavailable: topic ${missingTopic} does not exist`,
      },
    });
    expect(await get(withoutTopic, '/v1/inventory/SKU-1')).toMatchObject({
      status: 200,
      body: { totalAvailable: 8 },
    });
    expect(await get(withoutTopic, '/readyz')).toEqual({
      status: 200,
      body: { status: 'ready', stockEvents: 'unavailable' },
    });

    // It keeps trying, and says so once, not once per attempt.
    await waitFor(() => withoutTopic.starts() >= 4, { what: 'four starts of the feed', timeoutMs: 30_000 });
    expect(feedLines(withoutTopic)).toEqual([
      'stock_feed_starting',
      `stock_feed_unavailable topic ${missingTopic} does not exist`,
    ]);

    const admin = new Kafka({ clientId: 'feed-test', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin
      .createTopics({ waitForLeaders: true, topics: [{ topic: missingTopic, numPartitions: 1 }] })
      .finally(() => admin.disconnect());
    const abort = new AbortController();
    try {
      const streaming = await waitFor(
        async () => {
          const response = await get(withoutTopic, '/v1/inventory/SKU-1/events', abort.signal);
          return response.status === 200 && response;
        },
        { what: 'the events route to stream once the topic exists', timeoutMs: 90_000, intervalMs: 500 },
      );
      expect(streaming.status).toBe(200);
    } finally {
      abort.abort();
    }
    expect(feedLines(withoutTopic).slice(2)).toEqual(['stock_feed_running']);
    expect(await get(withoutTopic, '/readyz')).toMatchObject({ body: { stockEvents: 'running' } });
  }, 150_000);

  it('starts without Kafka: reads serve, and the event stream is a 503 naming Kafka', async () => {
    expect(await get(withoutKafka, '/v1/inventory/SKU-1')).toMatchObject({ status: 200 });
    const seen = new Set<string>();
    await waitFor(
      async () => {
        const response = await get(withoutKafka, '/v1/inventory/SKU-1/events');
        expect(response.status).toBe(503);
        seen.add(response.body.error.message);
        return response.body.error.message.includes('Kafka');
      },
      { what: 'the events route to say Kafka is unreachable', timeoutMs: 90_000, intervalMs: 500 },
    );
    // Before its first attempt ends the feed is starting; after it, unavailable with the reason.
    expect([...seen].sort()).toEqual(expect.arrayContaining(['stock events unavailable: Kafka unreachable']));
    for (const message of seen) {
      expect(['stock events are starting', 'stock events unavailable: Kafka unreachable']).toContain(message);
    }
    expect(await get(withoutKafka, '/v1/inventory/SKU-1')).toMatchObject({ status: 200 });
    expect(await get(withoutKafka, '/readyz')).toMatchObject({ status: 200 });
    expect(feedLines(withoutKafka)).toEqual([
      'stock_feed_starting',
      'stock_feed_unavailable Kafka unreachable',
    ]);
  }, 120_000);
});
