import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupCaughtUp } from '@lakestream/kafka';
import {
  loadStackConfig,
  localDynamoDbClient,
  sourceConnectionOptions,
  uniqueName,
  waitFor,
  waitForSnapshot,
} from '@lakestream/stack';
import { type ChildService, spawnService } from '@lakestream/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { Registry } from 'prom-client';
import { buildApp } from './api/app';
import { privatePipeline } from './testing/pipeline';

const stack = loadStackConfig();
const logs = mkdtempSync(join(tmpdir(), 'inventory-pipeline-'));

/** A built service as its own process, as it runs in production, its log kept to explain a failure. */
function run(service: string, script: string, env: Record<string, string>): ChildService & { log: string } {
  const log = join(logs, `${service}.log`);
  return { ...spawnService(`services/${service}/dist/${script}`, { LOG_LEVEL: 'info', ...env }, log), log };
}

interface InventoryView {
  totalAvailable: number;
  warehouses: { warehouseId: string; onHand: number; reserved: number; available: number }[];
}

describe('MariaDB → Debezium → cdc-ingest → projector → DynamoDB → API', () => {
  it('shows a stock change committed in MariaDB through the API, and only to its tenant', async () => {
    const id = uniqueName('e2e');
    const pipeline = privatePipeline(id, stack);
    const { table, brokers } = pipeline;
    const began = Date.now();
    const phase = (what: string) =>
      process.stderr.write(`[e2e] ${((Date.now() - began) / 1000).toFixed(1)} s ${what}\n`);
    // On a stack just started, Debezium may still be snapshotting: "the seed's state" below means
    // every seeded row on Kafka.
    await waitForSnapshot(stack, phase);
    // What `lakestream topics apply` does before a deployment: the projector subscribes to existing topics.
    const admin = new Kafka({ clientId: 'e2e', brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: pipeline.changeTopics.map((topic) => ({ topic, numPartitions: 3 })),
    });
    await admin.disconnect();
    const processes = [
      run('cdc-ingest', 'main.js', pipeline.ingestEnv),
      run('inventory-api', 'projector-main.js', pipeline.projectorEnv),
    ];
    const explain = () =>
      processes
        .map((p) => `--- ${p.log}\n${readFileSync(p.log, 'utf8').split('\n').slice(-15).join('\n')}`)
        .join('\n');
    const explained = <T>(waiting: Promise<T>) =>
      waiting.catch((error: Error) => {
        throw new Error(`${error.message}\n${explain()}`);
      });
    const dynamo = localDynamoDbClient(stack);
    const app = await buildApp({
      dynamo,
      tableName: table,
      apiKeys: new Map([
        ['key-acme', 'acme'],
        ['key-globex', 'globex'],
      ]),
      metricsRegistry: new Registry(),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const get = (path: string, key: string) => fetch(`${base}${path}`, { headers: { 'x-api-key': key } });

    const db = await createConnection({
      ...sourceConnectionOptions(stack),
    });
    try {
      const [rows] = (await db.query(
        "SELECT sku, warehouse_id, on_hand FROM inventory WHERE tenant_id = 'acme' ORDER BY sku, warehouse_id LIMIT 1",
      )) as unknown as [{ sku: string; warehouse_id: string; on_hand: number }[]];
      const row = rows[0];
      if (!row) throw new Error('the seed has no acme inventory');
      // The seed's state first reaches the API through the whole pipeline ...
      await explained(
        waitFor(
          async () => {
            const response = await get(`/v1/inventory/${row.sku}`, 'key-acme');
            if (response.status !== 200) return false;
            const view = (await response.json()) as InventoryView;
            return view.warehouses.some(
              (w) => w.warehouseId === row.warehouse_id && w.onHand === row.on_hand,
            );
          },
          { what: 'the seeded stock in the API', timeoutMs: 180_000, intervalMs: 250 },
        ),
      );
      phase('the seeded stock is in the API');
      // ... and both consumers have worked off the seed backlog, so the latency below is the
      // pipeline's, not the time to drain 52k snapshot records ...
      const lagAdmin = new Kafka({
        clientId: 'e2e-lag',
        brokers: [brokers],
        logLevel: logLevel.NOTHING,
      }).admin();
      await lagAdmin.connect();
      const rawTopics = (await lagAdmin.listTopics()).filter((t) =>
        /^globalmart\.globalmart\.[a-z_]+$/.test(t),
      );
      await explained(
        waitFor(
          async () =>
            (await groupCaughtUp(lagAdmin, pipeline.ingestGroup, rawTopics)) &&
            (await groupCaughtUp(lagAdmin, pipeline.projectorGroup, pipeline.changeTopics)),
          { what: 'cdc-ingest and the projector to catch up', timeoutMs: 180_000, intervalMs: 250 },
        ),
      );
      phase('cdc-ingest and the projector caught up');
      await lagAdmin.disconnect();
      // ... then a change committed now.
      const onHand = row.on_hand + 7;
      const committed = Date.now();
      await db.execute('UPDATE inventory SET on_hand = ? WHERE sku = ? AND warehouse_id = ?', [
        onHand,
        row.sku,
        row.warehouse_id,
      ]);
      const view = await explained(
        waitFor(
          async () => {
            const response = await get(`/v1/inventory/${row.sku}`, 'key-acme');
            const body = (await response.json()) as InventoryView;
            const stock = body.warehouses.find((w) => w.warehouseId === row.warehouse_id);
            return stock?.onHand === onHand ? { body, response } : false;
          },
          { what: 'the new stock in the API', timeoutMs: 60_000, intervalMs: 20 },
        ),
      );
      process.stderr.write(`[e2e] MariaDB commit → visible in the API: ${Date.now() - committed} ms\n`);
      expect(Number(view.response.headers.get('x-data-age-ms'))).toBeGreaterThanOrEqual(0);
      expect(view.body.totalAvailable).toBeGreaterThan(0);

      // Another tenant's key cannot tell the SKU exists.
      const foreign = await get(`/v1/inventory/${row.sku}`, 'key-globex');
      expect(foreign.status).toBe(404);
      expect(await foreign.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    } finally {
      await db.end();
      await app.close();
      dynamo.destroy();
      await Promise.all(processes.map((p) => p.stop('SIGTERM')));
      phase('both services stopped');
    }
    // Beyond the waits' deadlines, so the one that expires says what it waited for.
  }, 660_000);
});
