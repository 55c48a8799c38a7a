/**
 * Enricher throughput on the local stack beside a bare consume → transactional produce pipe (the same
 * exactly-once loop and client with an identity transform) over the same input in the same run, and
 * the reference state's footprint: heap and disk per million reference rows, for the chosen store
 * beside the candidates (docs/decisions/0010-enricher.md). Run with the stack up:
 * `npm run build && npm run bench:enricher`. Each row says the load average while it ran.
 *   BENCH_CHANGES (200000): changes in the timed backlog (orders, order lines, stock, payments)
 *   BENCH_REFERENCE_ROWS (100000): reference rows the enricher holds while it runs (customers, products)
 *   BENCH_STORE_ROWS (1000000): rows of the store comparison
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { loadEnrichConfig } from '@lakestream/enricher/dist/config';
import { enrichService } from '@lakestream/enricher/dist/service';
import { connectKafka, exactlyOnceLoop, groupCaughtUp, loopMetrics } from '@lakestream/kafka';
import { silentLog } from '@lakestream/runtime';
import {
  binlogOrdinal,
  type ChangeEvent,
  loadChangeEventSchema,
  schemaRegistry,
  type Table,
} from '@lakestream/schemas';
import { loadStackConfig, registryUrls, renderTable, uniqueName, waitFor } from '@lakestream/stack';
import { warehouseStorage } from '@lakestream/storage';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { profiled } from './cpu-profile';
import { referenceRow, storeFootprints, storeTable } from './enricher-store';

const stack = loadStackConfig();
const brokers = [`${stack.host}:${stack.ports.kafka}`];
const registryUrl = registryUrls(stack).confluent;
const kafka = new Kafka({ clientId: 'bench-enrich', brokers, logLevel: logLevel.NOTHING });
const registry = schemaRegistry(registryUrl);
const changes = Number(process.env.BENCH_CHANGES ?? 200_000);
const referenceRows = Number(process.env.BENCH_REFERENCE_ROWS ?? 100_000);
const storeRows = Number(process.env.BENCH_STORE_ROWS ?? 1_000_000);
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const load1 = () => loadavg()[0]?.toFixed(1) ?? '?';
const gc = (globalThis as { gc?: () => void }).gc;

const id = uniqueName('bench-enrich');
const changesPrefix = `${id}.changes.`;
const ENTITIES: Table[] = [
  'markets',
  'fx_rates',
  'vendors',
  'customers',
  'products',
  'orders',
  'order_items',
  'inventory',
  'payments',
];
const HOT: Table[] = ['customers', 'products', 'orders', 'order_items', 'inventory', 'payments'];
const ORDERS_BEFORE = 20_000;
const DAY = 20_428; // 2025-12-06
const committedAt = BigInt(DAY) * 86_400_000_000n + 43_200_000_000n;

let pos = 0;
function event(
  table: Table,
  key: string,
  row: Record<string, unknown>,
  op: 'c' | 'u' = 'c',
): ChangeEvent<Record<string, unknown>> {
  pos += 1;
  return {
    table,
    op,
    key,
    before: null,
    after: row,
    sourcePosition: {
      source: 'binlog',
      file: 'binlog.000001',
      pos: BigInt(pos),
      row: 0,
      gtid: null,
      txId: null,
      snapshot: false,
      ordinal: binlogOrdinal({ file: 'binlog.000001', pos, row: 0 }),
    },
    committedAt,
    tenantId: typeof row.tenant_id === 'string' ? row.tenant_id : null,
    schemaVersion: 1,
  };
}

const customers = Math.ceil(referenceRows * 0.9);
/** A customer that exists: referenceRow makes every tenth row a product. */
const customerId = (i: number) => {
  const c = (i * 7) % customers;
  return c % 10 === 0 ? c + 1 : c;
};
const order = (i: number) => ({
  id: BigInt(i),
  tenant_id: 'acme',
  customer_id: BigInt(customerId(i)),
  market_id: 'DE',
  warehouse_id: 'WH-1',
  status: 'pending',
  currency: 'EUR',
  total_amount: '129.90',
  ordered_at: committedAt,
  shipped_at: null,
  delivered_at: null,
  created_at: committedAt,
  updated_at: committedAt,
});

/** The reference rows and the orders the changes refer to: loaded before anything is timed. */
function* referenceEvents(): Generator<ChangeEvent<Record<string, unknown>>> {
  yield event('markets', 'DE', {
    market_id: 'DE',
    country_code: 'DE',
    region: 'Europe',
    name: 'Germany',
    currency: 'EUR',
    tax_rate: '19.000',
    created_at: 1n,
    updated_at: 1n,
  });
  // referenceRow's customers are in US-CA.
  yield event('markets', 'US-CA', {
    market_id: 'US-CA',
    country_code: 'US',
    region: 'North America',
    name: 'California',
    currency: 'USD',
    tax_rate: '7.250',
    created_at: 1n,
    updated_at: 1n,
  });
  for (let d = DAY - 30; d <= DAY; d += 1) {
    yield event('fx_rates', `EUR|${d}`, {
      currency: 'EUR',
      rate_date: d,
      rate_to_usd: '1.08000000',
      created_at: 1n,
      updated_at: 1n,
    });
  }
  for (let v = 0; v < 100; v += 1) {
    yield event('vendors', String(v), {
      id: BigInt(v),
      tenant_id: 'acme',
      name: `Vendor ${v}`,
      line_of_business: 'Technology',
      country_code: 'DE',
      contact_email: `v${v}@example.com`,
      phone: '+49 1',
      created_at: 1n,
      updated_at: 1n,
    });
  }
  for (let i = 0; i < referenceRows; i += 1) {
    const { entity, key, version } = referenceRow(i);
    const row = { ...(version.row as Record<string, unknown>) };
    if (entity === 'products') row.vendor_id = BigInt(i % 100);
    yield event(entity as Table, key, row);
  }
  for (let i = 0; i < ORDERS_BEFORE; i += 1) yield event('orders', String(i), order(i));
}

/** The timed backlog: the write mix of the simulator's busiest tables, every reference present. */
function* changeEvents(): Generator<ChangeEvent<Record<string, unknown>>> {
  for (let n = 0; n < changes; n += 1) {
    const kind = n % 20;
    if (kind < 7) {
      const sku = `ACME-TEC-${String((n % (referenceRows / 10)) * 10).padStart(8, '0')}`;
      yield event(
        'inventory',
        `${sku}|WH-1`,
        {
          sku,
          warehouse_id: 'WH-1',
          tenant_id: 'acme',
          on_hand: 100 + (n % 50),
          reserved: n % 7,
          reorder_point: 10,
          created_at: 1n,
          updated_at: committedAt,
        },
        'u',
      );
    } else if (kind < 12) {
      yield event('orders', String(ORDERS_BEFORE + n), order(ORDERS_BEFORE + n));
    } else if (kind < 18) {
      const sku = `ACME-TEC-${String((n % (referenceRows / 10)) * 10).padStart(8, '0')}`;
      yield event('order_items', String(n), {
        id: BigInt(n),
        tenant_id: 'acme',
        order_id: BigInt(n % ORDERS_BEFORE),
        sku,
        quantity: 1 + (n % 3),
        unit_price: '49.95',
        discount_amount: '0.00',
        line_amount: '49.95',
        created_at: 1n,
        updated_at: 1n,
      });
    } else {
      yield event('payments', String(n), {
        id: BigInt(n),
        tenant_id: 'acme',
        order_id: BigInt(n % ORDERS_BEFORE),
        method: 'card',
        status: 'captured',
        amount: '129.90',
        currency: 'EUR',
        provider_ref: `ch_${n}`,
        failure_reason: null,
        created_at: 1n,
        updated_at: 1n,
      });
    }
  }
}

async function produce(events: Iterable<ChangeEvent<Record<string, unknown>>>): Promise<number> {
  const ids = new Map<string, number>();
  for (const table of ENTITIES) {
    const { id: schemaId } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(loadChangeEventSchema(table)) },
      { subject: `${changesPrefix}${table}-value` },
    );
    ids.set(table, schemaId);
  }
  const producer = kafka.producer();
  await producer.connect();
  let batch = new Map<string, { key: string; value: Buffer }[]>();
  let pending = 0;
  let count = 0;
  const flush = async () => {
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...batch].map(([topic, messages]) => ({ topic, messages })),
    });
    batch = new Map();
    pending = 0;
  };
  for (const e of events) {
    const topic = `${changesPrefix}${e.table}`;
    const value = await registry.encode(ids.get(e.table) as number, e);
    batch.set(topic, [...(batch.get(topic) ?? []), { key: e.key, value }]);
    pending += 1;
    count += 1;
    if (pending >= 5_000) await flush();
  }
  if (pending > 0) await flush();
  await producer.disconnect();
  return count;
}

async function createTopics(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const topics = ENTITIES.flatMap((t) => {
    const numPartitions = HOT.includes(t) ? 3 : 1;
    return [`${changesPrefix}${t}`, `${id}.enriched.${t}`].map((topic) => ({ topic, numPartitions }));
  });
  await admin.createTopics({
    waitForLeaders: false,
    topics: [
      ...topics,
      {
        topic: `${id}.pending`,
        numPartitions: 1,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
      },
      { topic: `${id}.bare`, numPartitions: 3 },
      { topic: `${id}.dlq`, numPartitions: 1 },
    ],
  });
  const names = [...topics.map((t) => t.topic), `${id}.pending`, `${id}.bare`, `${id}.dlq`];
  await waitFor(
    async () => {
      try {
        const { topics: found } = await admin.fetchTopicMetadata({ topics: names });
        return found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      } catch {
        return false;
      }
    },
    { what: 'the bench topics', timeoutMs: 60_000 },
  );
  await admin.disconnect();
}

const inputTopics = ENTITIES.map((t) => `${changesPrefix}${t}`);

/**
 * Waits for `group` to have committed every input; returns ms from `first()` (its first record) to
 * then, or fails when no start was seen and the time is wanted (a rate from an unseen start would
 * be a made-up figure).
 */
async function timeUntilCaughtUp(
  group: string,
  first: () => number | undefined,
  timed: boolean,
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  await waitFor(() => groupCaughtUp(admin, group, inputTopics), {
    what: `${group} to catch up`,
    timeoutMs: 1_800_000,
    intervalMs: 100,
  });
  const end = Date.now();
  await admin.disconnect();
  const began = first();
  if (!timed) return 0;
  if (began === undefined) throw new Error(`${group} caught up, but its first record was never seen`);
  return end - began;
}

/** The yardstick: the same exactly-once loop and client, each record copied to one output topic. */
async function bare(group: string, timed: boolean) {
  let first: number | undefined;
  const loop = exactlyOnceLoop({
    kafka: connectKafka({ brokers, clientId: 'bench-bare', log: silentLog }),
    groupId: group,
    transactionalIdPrefix: `${group}-tx`,
    topics: inputTopics,
    transform: async (record) => {
      first ??= Date.now();
      return [{ topic: `${id}.bare`, key: record.message.key, value: record.message.value }];
    },
    log: silentLog,
    metrics: loopMetrics(new Registry()),
    deadLetters: {
      topic: `${id}.dlq`,
      stage: 'enrich',
      claimChecks: warehouseStorage(mkdtempSync(join(tmpdir(), 'bench-cc-')), () => {
        throw new Error('no s3');
      }),
    },
    outputTopics: [`${id}.bare`],
  });
  await loop.start();
  const ms = await timeUntilCaughtUp(group, () => first, timed);
  await loop.stop();
  return ms;
}

async function enricher(stateDir: string, timed: boolean) {
  const metricsRegistry = new Registry();
  const config = loadEnrichConfig({
    KAFKA_BROKERS: brokers.join(','),
    SCHEMA_REGISTRY_URL: registryUrl,
    GROUP_ID: `${id}-enricher`,
    CHANGES_TOPIC_PREFIX: changesPrefix,
    ENRICHED_TOPIC_PREFIX: `${id}.enriched.`,
    PENDING_TOPIC: `${id}.pending`,
    ENTITIES: ENTITIES.join(','),
    DLQ_TOPIC: `${id}.dlq`,
    STATE_DIR: stateDir,
    CLAIM_CHECK_LOCATION: mkdtempSync(join(tmpdir(), 'bench-cc-')),
  });
  const service = enrichService(config, {
    kafka: connectKafka({ brokers, clientId: 'bench-enricher', log: silentLog }),
    metricsRegistry,
    log: silentLog,
    claimChecks: warehouseStorage(config.CLAIM_CHECK_LOCATION, () => {
      throw new Error('no s3');
    }),
    piiKeys: [{ id: 'bench', secret: Buffer.alloc(32, 3), fromMicros: 0n }],
  });
  const restoreStarted = Date.now();
  await service.start();
  const restoreMs = Date.now() - restoreStarted;
  // Its first change is timed as the bare loop's first record is: when the transform meets it
  // (lakestream_enrich_seconds is observed once per change).
  let first: number | undefined;
  const watch = setInterval(async () => {
    if (first !== undefined) return;
    const metric = await metricsRegistry.getSingleMetric('lakestream_enrich_seconds')?.get();
    const count = metric?.values.find(
      (v) => (v as { metricName?: string }).metricName === 'lakestream_enrich_seconds_count',
    );
    if ((count?.value ?? 0) > 0) first = Date.now();
  }, 20);
  const ms = await timeUntilCaughtUp(`${id}-enricher`, () => first, timed);
  clearInterval(watch);
  gc?.();
  const heap = process.memoryUsage().heapUsed;
  const partial =
    (await metricsRegistry.getSingleMetric('lakestream_enrich_changes_out_total')?.get())?.values
      .filter((v) => v.labels.status === 'partial')
      .reduce((n, v) => n + v.value, 0) ?? 0;
  const sum = async (name: string, suffix: string) =>
    ((await metricsRegistry.getSingleMetric(name)?.get())?.values ?? [])
      .filter((v) => (v as { metricName?: string }).metricName === `${name}${suffix}`)
      .reduce((n, v) => n + v.value, 0);
  const loopStats = {
    transactions: await sum('lakestream_transaction_commit_seconds', '_count'),
    commitSeconds: await sum('lakestream_transaction_commit_seconds', '_sum'),
    enrichSeconds: await sum('lakestream_enrich_seconds', '_sum'),
  };
  const disk = service.store.diskBytes();
  const versions = service.store.size();
  await service.stop();
  return { ms, restoreMs, heap, disk, versions, partial, loopStats };
}

async function main() {
  progress(`topics under ${id}; ${referenceRows} reference rows, ${changes} changes`);
  await createTopics();
  const loaded = await produce(referenceEvents());
  progress(`reference phase: ${loaded} records produced`);
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-enrich-state-'));
  // Both pipelines first consume the reference phase (untimed), so the timed backlog is the changes only.
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const warm = await enricher(stateDir, false);
  progress(`enricher state built: ${warm.versions} versions, ${(warm.disk / 1e6).toFixed(0)} MB on disk`);
  await bare(`${id}-bare`, false);
  const produced = await produce(changeEvents());
  progress(`timed phase: ${produced} changes produced`);
  const rows: string[][] = [];
  const bareLoad = load1();
  const bareMs = await bare(`${id}-bare`, true);
  rows.push([
    'bare consume → transactional produce (same loop, identity)',
    String(changes),
    (bareMs / 1000).toFixed(1),
    String(Math.round((changes * 1000) / bareMs)),
    '100%',
    bareLoad,
  ]);
  const enrichLoad = load1();
  const run = await profiled(process.env.BENCH_PROFILE_DIR, 'enricher', () => enricher(stateDir, true));
  const rate = Math.round((changes * 1000) / run.ms);
  rows.push([
    'enricher (joins, USD, PII, ledger, arrival markers)',
    String(changes),
    (run.ms / 1000).toFixed(1),
    String(rate),
    `${((rate / ((changes * 1000) / bareMs)) * 100).toFixed(0)}%`,
    enrichLoad,
  ]);
  process.stdout.write(
    `\n## Enricher throughput (${changes} changes, ${referenceRows} reference rows held)\n\n`,
  );
  process.stdout.write(
    `${renderTable(['pipeline', 'changes', 'seconds', 'changes/s', 'vs bare', 'load avg (1 min)'], rows)}\n`,
  );
  const perMillion = 1_000_000 / run.versions;
  process.stdout.write(
    `\nstate after the run: ${run.versions} versions; heap of the process ${(run.heap / 1e6).toFixed(0)} MB (${((run.heap - heapBefore) / 1e6).toFixed(0)} MB above the bench's own before the enricher), ` +
      `LMDB file ${(run.disk / 1e6).toFixed(0)} MB = ${((run.disk * perMillion) / 1e6).toFixed(0)} MB per million versions; restart with the checkpoint took ${(run.restoreMs / 1000).toFixed(1)} s; partial emissions ${run.partial}\n`,
  );
  process.stdout.write(
    `enricher loop: ${run.loopStats.transactions} transactions (with the warm-up's), ${run.loopStats.commitSeconds.toFixed(1)} s committing, ${run.loopStats.enrichSeconds.toFixed(1)} s enriching changes\n`,
  );
  rmSync(stateDir, { recursive: true, force: true });
  progress(`store comparison at ${storeRows} rows`);
  const storeLoad = load1();
  const stores = await storeFootprints(storeRows);
  process.stdout.write(
    `\n## Reference store per million rows (load avg ${storeLoad})\n\n${storeTable(stores)}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  },
);
