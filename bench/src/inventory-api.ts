/**
 * The inventory API on the local stack. Run with the stack up:
 * `npm run build && node bench/dist/inventory-api.js`.
 *   1. load: autocannon against the built API (its own process, so the load generator and the server
 *      do not share an event loop) at fixed rates and unthrottled, per route, over the acme SKUs the
 *      projector wrote from the seeded GlobalMart data;
 *   2. freshness: a steady rate of stock updates committed in MariaDB, each polled through the API
 *      until its new on_hand shows, for commit → visible latency; and the same updates into the lake
 *      (lake-sink on the local S3 server), each at the moment the snapshot holding it was first seen.
 * cdc-ingest, the projector and lake-sink run as processes, as in pipeline.e2e.test.ts, with ids of
 * their own.
 */

// As in api-main.ts: the SDK's Node 22 notice (docs/decisions/0002) would otherwise open the output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  BatchGetItemCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { productKey, stockKey } from '@lakestream/inventory-api/dist/items';
import { privatePipeline } from '@lakestream/inventory-api/dist/testing/pipeline';
import { groupCaughtUp } from '@lakestream/kafka';
import {
  loadStackConfig,
  localDynamoDbClient,
  renderTable,
  sourceConnectionOptions,
  uniqueName,
  waitFor,
} from '@lakestream/stack';
import autocannon from 'autocannon';
import { Kafka, logLevel } from 'kafkajs';
import { type Connection, createConnection } from 'mysql2/promise';
import { closedLoop, closedLoopRow } from './closed-loop';
import { benchLake, type CommittedUpdate, lakeLatencies, watchSnapshots } from './lake-freshness';
import { percentile } from './stats';

const stack = loadStackConfig();
const brokers = `${stack.host}:${stack.ports.kafka}`;
const kafka = new Kafka({ clientId: 'bench-api', brokers: [brokers], logLevel: logLevel.NOTHING });
const servicesDir = join(dirname(require.resolve('@lakestream/inventory-api/package.json')), '..');

const envList = (name: string, fallback: string) =>
  (process.env[name] ?? fallback)
    .split(',')
    .map(Number)
    .filter((n) => Number.isFinite(n) && n > 0);
const rates = envList('BENCH_RATES', '200,500,1000');
const loadSeconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const changeRate = Number(process.env.BENCH_CHANGE_RATE ?? 20);
const changeSeconds = Number(process.env.BENCH_CHANGE_SECONDS ?? 20);
const pollMs = Number(process.env.BENCH_POLL_MS ?? 10);
const lakePollMs = Number(process.env.BENCH_LAKE_POLL_MS ?? 100);
const lakeCommitSeconds = Number(process.env.BENCH_LAKE_COMMIT_SECONDS ?? 5);
const visibleTimeoutMs = 30_000;
const batchSize = 50;
const tenant = 'acme';
const apiKey = 'bench-key-acme-0000';
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const children: { name: string; child: ChildProcess }[] = [];

/** A built service as its own process, as it runs in production. */
function run(name: string, script: string, env: Record<string, string>): void {
  const child = spawn(process.execPath, [join(servicesDir, script)], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  children.push({ name, child });
}

/** Fails a wait at once rather than at its timeout when a service it waits on has died. */
function assertAlive(): void {
  for (const { name, child } of children)
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode})`);
}

async function stopChildren(): Promise<void> {
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve(null);
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
        }),
    ),
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** True once the group has committed every offset up to each partition's end. */
interface InventoryView {
  warehouses: { warehouseId: string; onHand: number }[];
}

const ms = (n: number) => String(Math.round(n * 10) / 10);

async function load(
  base: string,
  route: string,
  rate: number | undefined,
  request: autocannon.Request,
): Promise<string[]> {
  progress(`load: ${route} at ${rate ? `${rate} req/s` : 'max rate'} for ${loadSeconds} s`);
  const result = await autocannon({
    url: base,
    connections,
    duration: loadSeconds,
    // autocannon 9's correction assumes a 1 ms interval whatever the rate (lib/run.js), which adds
    // made-up samples below each real one; the raw response times, with the achieved rate beside them.
    ...(rate ? { overallRate: rate, ignoreCoordinatedOmission: true } : {}),
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    requests: [request],
  });
  return [
    route,
    rate ? String(rate) : 'max',
    String(Math.round(result.requests.total / result.duration)),
    ms(result.latency.p50),
    ms(result.latency.p99),
    ms(result.latency.max),
    String(result.non2xx),
    String(result.errors),
  ];
}

async function readFileTable(base: string, skus: string[], productSkus: string[]): Promise<string> {
  const cycle = (list: string[]) => {
    let i = 0;
    return () => list[i++ % list.length] as string;
  };
  const nextSku = cycle(skus);
  const nextProduct = cycle(productSkus);
  let window = 0;
  const routes: [string, () => autocannon.Request][] = [
    [
      'GET /v1/inventory/{sku}',
      () => ({ method: 'GET', setupRequest: (req) => ({ ...req, path: `/v1/inventory/${nextSku()}` }) }),
    ],
    [
      'GET /v1/products/{sku}',
      () => ({ method: 'GET', setupRequest: (req) => ({ ...req, path: `/v1/products/${nextProduct()}` }) }),
    ],
    [
      `POST /v1/inventory:batchGet (${batchSize})`,
      () => ({
        method: 'POST',
        setupRequest: (req) => {
          const start = (window++ * batchSize) % skus.length;
          const batch = Array.from({ length: batchSize }, (_, j) => skus[(start + j) % skus.length]);
          return { ...req, path: '/v1/inventory:batchGet', body: JSON.stringify({ skus: batch }) };
        },
      }),
    ],
  ];
  const rows: string[][] = [];
  for (const [route, request] of routes)
    for (const rate of [...rates, undefined]) rows.push(await load(base, route, rate, request()));
  return renderTable(
    ['ROUTE', 'TARGET REQ/S', 'ACHIEVED REQ/S', 'P50 MS', 'P99 MS', 'MAX MS', 'NON-2XX', 'ERRORS'],
    rows,
  );
}

/**
 * The yardsticks: the DynamoDB calls behind each route, sent with the bare SDK at the API load's
 * concurrency, so the API's own cost per read shows beside them.
 */
async function bareTable(
  dynamo: DynamoDBClient,
  table: string,
  skus: string[],
  productSkus: string[],
  stock: { sku: string; warehouse_id: string }[],
): Promise<string> {
  const s = (value: string) => ({ S: value });
  const key = ({ pk, sk }: { pk: string; sk: string }) => ({ pk: s(pk), sk: s(sk) });
  const calls: [string, string, (n: number) => Promise<unknown>][] = [
    [
      'Query pk = SKU partition',
      'GET /v1/inventory/{sku}',
      (n) =>
        dynamo.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': s(productKey(tenant, skus[n % skus.length] as string).pk) },
          }),
        ),
    ],
    [
      'GetItem product',
      'GET /v1/products/{sku}',
      (n) =>
        dynamo.send(
          new GetItemCommand({
            TableName: table,
            Key: key(productKey(tenant, productSkus[n % productSkus.length] as string)),
          }),
        ),
    ],
    [
      `BatchGetItem ${batchSize} stock keys`,
      `POST /v1/inventory:batchGet (${batchSize})`,
      (n) => {
        const keys = Array.from({ length: batchSize }, (_, j) => {
          const row = stock[(n * batchSize + j) % stock.length] as { sku: string; warehouse_id: string };
          return key(stockKey(tenant, row.sku, row.warehouse_id));
        });
        return dynamo.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys } } }));
      },
    ],
  ];
  const rows: string[][] = [];
  for (const [call, route, send] of calls) {
    progress(`yardstick: bare SDK ${call}, ${connections} in flight for ${loadSeconds} s`);
    rows.push([
      `${call} (beside ${route})`,
      'max',
      ...closedLoopRow(await closedLoop(connections, loadSeconds, send)),
    ]);
  }
  return renderTable(
    ['BARE SDK CALL', 'TARGET REQ/S', 'ACHIEVED REQ/S', 'P50 MS', 'P99 MS', 'MAX MS', 'ERRORS'],
    rows,
  );
}

/** Polls one stock row until the API shows `onHand`; the ms from commit, or undefined at the timeout. */
async function visibleAfter(
  base: string,
  row: { sku: string; warehouse_id: string },
  onHand: number,
  committedAt: number,
): Promise<number | undefined> {
  while (Date.now() - committedAt < visibleTimeoutMs) {
    const response = await fetch(`${base}/v1/inventory/${row.sku}`, { headers: { 'x-api-key': apiKey } });
    if (response.status === 200) {
      const view = (await response.json()) as InventoryView;
      if (view.warehouses.some((w) => w.warehouseId === row.warehouse_id && w.onHand === onHand))
        return Date.now() - committedAt;
    } else await response.arrayBuffer();
    await sleep(pollMs);
  }
  return undefined;
}

async function freshness(
  base: string,
  db: Connection,
): Promise<{ table: string; updates: CommittedUpdate[] }> {
  const total = Math.round(changeRate * changeSeconds);
  // Each update a row of its own, so a poll can only see the value that update wrote.
  const [rows] = (await db.query(
    'SELECT sku, warehouse_id, on_hand FROM inventory WHERE tenant_id = ? ORDER BY RAND() LIMIT ?',
    [tenant, total],
  )) as unknown as [{ sku: string; warehouse_id: string; on_hand: number }[]];
  progress(`freshness: ${rows.length} updates at ${changeRate}/s, polling every ${pollMs} ms`);
  const polls: Promise<number | undefined>[] = [];
  const updates: CommittedUpdate[] = [];
  const started = Date.now();
  for (const [i, row] of rows.entries()) {
    const due = started + (i * 1000) / changeRate;
    if (due > Date.now()) await sleep(due - Date.now());
    const onHand = row.on_hand + 1;
    await db.execute(
      'UPDATE inventory SET on_hand = ? WHERE tenant_id = ? AND sku = ? AND warehouse_id = ?',
      [onHand, tenant, row.sku, row.warehouse_id],
    );
    // Autocommit: the change is committed once the statement's reply is here.
    const committedAt = Date.now();
    updates.push({ sku: row.sku, warehouseId: row.warehouse_id, onHand, committedAt });
    polls.push(visibleAfter(base, row, onHand, committedAt));
  }
  const outcomes = await Promise.all(polls);
  return {
    table: `${latencyTable('API', outcomes)}\n(latency: UPDATE committed in MariaDB → new on_hand returned by GET /v1/inventory/{sku}, polled every ${pollMs} ms; not visible within ${visibleTimeoutMs / 1000} s counts as missing)`,
    updates,
  };
}

/** One row of commit → visible latencies at the bench's change rate; undefined is not visible. */
function latencyTable(where: string, outcomes: readonly (number | undefined)[]): string {
  const latencies = outcomes.filter((n): n is number => n !== undefined).sort((a, b) => a - b);
  return renderTable(
    ['VISIBLE IN', 'CHANGE RATE', 'UPDATES', 'VISIBLE', 'P50 MS', 'P99 MS', 'MAX MS'],
    [
      [
        where,
        `${changeRate}/s for ${changeSeconds} s`,
        String(outcomes.length),
        String(latencies.length),
        String(percentile(latencies, 50)),
        String(percentile(latencies, 99)),
        String(latencies[latencies.length - 1] ?? Number.NaN),
      ],
    ],
  );
}

async function main() {
  const id = uniqueName('bench-api');
  const pipeline = privatePipeline(id, stack);
  const { table, changeTopics, aws } = pipeline;
  const lakeGroup = `${id}-lake`;
  const warehouse = `s3://${stack.s3.warehouseBucket}/${id}/lake`;
  const lake = benchLake(stack, warehouse);
  const historyTable = { namespace: ['globalmart'], name: 'inventory_changes' };
  const inventoryTopic = pipeline.projectorEnv.INVENTORY_TOPIC;
  const admin = kafka.admin();
  await admin.connect();
  const db = await createConnection({
    ...sourceConnectionOptions(stack),
  });
  const dynamo = localDynamoDbClient(stack);
  try {
    // The projector subscribes to existing topics, as after `lakestream topics apply`.
    await admin.createTopics({
      waitForLeaders: true,
      topics: changeTopics.map((topic) => ({ topic, numPartitions: 3 })),
    });
    run('cdc-ingest', 'cdc-ingest/dist/main.js', pipeline.ingestEnv);
    run('projector', 'inventory-api/dist/projector-main.js', pipeline.projectorEnv);
    run('lake-sink', 'lake-sink/dist/main.js', {
      ...aws,
      AWS_ACCESS_KEY_ID: stack.s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: stack.s3.secretAccessKey,
      S3_ENDPOINT: `http://${stack.host}:${stack.ports.s3}`,
      S3_FORCE_PATH_STYLE: 'true',
      KAFKA_BROKERS: pipeline.brokers,
      SCHEMA_REGISTRY_URL: pipeline.registryUrl,
      LAKESTREAM_WAREHOUSE: warehouse,
      INPUT_TOPIC_PREFIX: pipeline.ingestEnv.CHANGES_TOPIC_PREFIX,
      ENTITIES: 'inventory',
      GROUP_ID: lakeGroup,
      DLQ_TOPIC: `${id}.dlq`,
      STATE_DIR: join(tmpdir(), id, 'lake-sink'),
      COMMIT_INTERVAL_SECONDS: String(lakeCommitSeconds),
      HTTP_PORT: '0',
    });
    const rawTopics = (await admin.listTopics()).filter((t) => /^globalmart\.globalmart\.[a-z_]+$/.test(t));
    progress(`projecting the GlobalMart seed into ${table}`);
    const projecting = Date.now();
    await waitFor(
      async () => {
        assertAlive();
        return (
          (await groupCaughtUp(admin, pipeline.ingestGroup, rawTopics)) &&
          (await groupCaughtUp(admin, pipeline.projectorGroup, changeTopics)) &&
          (await groupCaughtUp(admin, lakeGroup, [inventoryTopic]))
        );
      },
      { what: 'cdc-ingest, the projector and lake-sink to catch up', timeoutMs: 300_000, intervalMs: 250 },
    );
    progress(`caught up in ${((Date.now() - projecting) / 1000).toFixed(1)} s`);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    run('inventory-api', 'inventory-api/dist/api-main.js', {
      ...aws,
      DYNAMODB_TABLE: table,
      API_KEYS: `${apiKey}=${tenant}`,
      KAFKA_BROKERS: pipeline.brokers,
      SCHEMA_REGISTRY_URL: pipeline.registryUrl,
      INVENTORY_TOPIC: pipeline.projectorEnv.INVENTORY_TOPIC,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
    });
    await waitFor(
      async () => {
        assertAlive();
        return (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200;
      },
      { what: 'the API to be ready', timeoutMs: 30_000, intervalMs: 100 },
    );

    const [stock] = (await db.query('SELECT DISTINCT sku FROM inventory WHERE tenant_id = ? ORDER BY sku', [
      tenant,
    ])) as unknown as [{ sku: string }[]];
    const [products] = (await db.query('SELECT sku FROM products WHERE tenant_id = ? ORDER BY sku', [
      tenant,
    ])) as unknown as [{ sku: string }[]];
    const skus = stock.map((r) => r.sku);
    const productSkus = products.map((r) => r.sku);
    progress(`${skus.length} ${tenant} SKUs with stock, ${productSkus.length} products`);
    const loadResult = await readFileTable(base, skus, productSkus);
    process.stdout.write(
      `\n${loadResult}\n(autocannon, ${connections} connections, ${loadSeconds} s per row; latency: request sent → response, as autocannon records it)\n\n`,
    );
    const [stockRows] = (await db.query(
      'SELECT sku, warehouse_id FROM inventory WHERE tenant_id = ? ORDER BY sku, warehouse_id',
      [tenant],
    )) as unknown as [{ sku: string; warehouse_id: string }[]];
    const bare = await bareTable(dynamo, table, skus, productSkus, stockRows);
    process.stdout.write(
      `${bare}\n(the same DynamoDB Local, from the bench's process, ${connections} calls in flight; the ratio of a route's max rate to its call's is the API's own cost)\n\n`,
    );
    const snapshots = watchSnapshots(lake.catalog, historyTable, lakePollMs);
    const fresh = await freshness(base, db);
    process.stdout.write(`${fresh.table}\n\n`);
    // The lake has it all once lake-sink's group committed past the last update (its offsets go to
    // the group after the snapshot that holds them) and the watcher polled after that.
    await waitFor(() => groupCaughtUp(admin, lakeGroup, [inventoryTopic]), {
      what: 'lake-sink to commit past the last update',
      timeoutMs: 120_000,
      intervalMs: 100,
    });
    const caughtUpAt = Date.now();
    await waitFor(() => snapshots.polledSince(caughtUpAt), { what: 'a poll of the lake', timeoutMs: 10_000 });
    await snapshots.stop();
    const inLake = await lakeLatencies(
      lake,
      historyTable,
      stack.cache,
      tenant,
      fresh.updates,
      snapshots.seen,
    );
    process.stdout.write(
      `${latencyTable('lake', inLake)}\n(latency: UPDATE committed in MariaDB → the snapshot of ${historyTable.name} holding its row first seen, polling the catalog every ${lakePollMs} ms; lake-sink COMMIT_INTERVAL_SECONDS=${lakeCommitSeconds}, on the local S3 server)\n`,
    );
  } finally {
    await stopChildren();
    await db.end();
    await dynamo.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
    dynamo.destroy();
    await admin.deleteTopics({ topics: changeTopics }).catch(() => undefined);
    await admin.deleteTopics({ topics: [`${id}.dlq`] }).catch(() => undefined);
    await admin.disconnect();
  }
}

process.once('SIGINT', () => {
  void stopChildren().then(() => process.exit(130));
});

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
