import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { readFileTable } from '@lakestream/iceberg';
import { loadRowSchema } from '@lakestream/schemas';
import { loadStackConfig, localS3Client, uniqueName, waitFor } from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';
import { lakeS3, readLakeTables } from '@lakestream/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { offsetsOf } from './lake/table-writer';
import type { LakeSinkService } from './service';
import { canonicalRow, projectRows } from './testing/canonical';
import { changeEvent, privateLake, type Row } from './testing/harness';

const stack = loadStackConfig();

const product = (sku: string, price: string): Row => ({
  sku,
  tenant_id: Number(sku.slice(1)) % 2 === 0 ? 'acme' : 'beta',
  vendor_id: 7n,
  name: `product ${sku}`,
  category: 'Technology',
  subcategory: 'Computers',
  brand: 'Acme',
  list_price_usd: price,
  unit_cost_usd: '1.00',
  attributes: '{}',
  active: true,
  created_at: 1_763_900_000_000_000n,
  updated_at: 1_763_900_000_000_000n,
});

/** Creates, then updates and deletes of earlier keys, in one ordered stream from `start`. */
function workload(start: number, creates: number, changes: number) {
  const events = [];
  let pos = start;
  for (let i = 0; i < creates; i += 1) {
    const sku = `P${start + i}`;
    events.push(changeEvent('products', 'c', sku, pos++, product(sku, `${i}.00`), null));
  }
  for (let i = 0; i < changes; i += 1) {
    const sku = `P${start + ((i * 7) % creates)}`;
    const op = i % 3 === 0 ? 'd' : 'u';
    events.push(changeEvent('products', op, sku, pos++, product(sku, `${i}.99`), null));
  }
  return events.map((e) => ({ ...e, tenantId: (e.after ?? e.before)?.tenant_id as string }));
}

describe('replay: resetting the group or dropping a table never duplicates a row', () => {
  const lake = privateLake(uniqueName('lake-replay'), stack, ['products']);
  const s3 = localS3Client(stack);
  const storage = s3Storage(s3, lake.warehouse);
  const kafka = new Kafka({
    clientId: lake.id,
    brokers: [lake.env.KAFKA_BROKERS],
    logLevel: logLevel.NOTHING,
  });
  let sink: LakeSinkService | undefined;

  beforeAll(() => lake.createTopics(3));
  afterAll(async () => {
    await sink?.stop();
    s3.destroy();
  });

  const committed = (tables: string[], count: number) => async () => {
    for (const table of tables) {
      const loaded = await readFileTable(storage, lake.tableLocation(table));
      const total = [...offsetsOf(loaded?.metadata, lake.topic('products')).values()].reduce(
        (a, b) => a + b,
        0n,
      );
      if (total !== BigInt(count)) return false;
    }
    return true;
  };

  async function readBoth(table: string) {
    const loaded = await readFileTable(storage, lake.tableLocation(table));
    const request = { s3: lakeS3(stack), reads: [{ metadataLocation: loaded?.metadataLocation as string }] };
    const [[python], [java]] = await Promise.all([
      readLakeTables('pyiceberg', request),
      readLakeTables('java', request),
    ]);
    return { pyiceberg: python?.rows ?? [], java: java?.rows ?? [] };
  }

  async function expectLake(events: ReturnType<typeof workload>) {
    const state = new Map<string, Row>();
    for (const e of events) {
      if (e.op === 'd') state.delete(e.key);
      else state.set(e.key, e.after as Row);
    }
    const columns = loadRowSchema('products').fields.map((f) => f.name);
    const expected = projectRows(
      [...state.values()].map((row) => canonicalRow('products', row)),
      columns,
      'sku',
    );
    const current = await readBoth('products');
    const history = await readBoth('products_changes');
    for (const reader of ['pyiceberg', 'java'] as const) {
      expect(projectRows(current[reader], columns, 'sku')).toEqual(expected);
      const offsets = history[reader].map((r) => `${r._kafka_partition}/${r._kafka_offset}`);
      expect(offsets).toHaveLength(events.length);
      expect(new Set(offsets).size).toBe(events.length);
    }
  }

  it('re-reads a reset range without writing it twice, and rebuilds a dropped current-state table from the topic', async () => {
    const first = workload(0, 200, 100);
    await lake.produce('products', first);
    sink = await lake.startSink({ COMMIT_INTERVAL_SECONDS: '1' });
    await waitFor(committed(['products', 'products_changes'], first.length), {
      what: 'the first 300 changes',
      timeoutMs: 60_000,
    });
    await sink.stop();

    // Replay: the group goes back to the start while no member is running.
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: lake.env.GROUP_ID, topic: lake.topic('products'), earliest: true });
    await admin.disconnect();
    const second = workload(1000, 30, 20);
    await lake.produce('products', second);
    sink = await lake.startSink({ COMMIT_INTERVAL_SECONDS: '1' });
    const all = [...first, ...second];
    await waitFor(committed(['products', 'products_changes'], all.length), {
      what: 'the changes after the reset',
      timeoutMs: 60_000,
    });
    await expectLake(all);
    await sink.stop();

    // Drop the current-state table (every object under its folder); the next start rebuilds it.
    const prefix = `${lake.tableLocation('products').replace(`s3://${stack.s3.warehouseBucket}/`, '')}/`;
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: stack.s3.warehouseBucket, Prefix: prefix }),
    );
    const keys = (listed.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    expect(keys.length).toBeGreaterThan(0);
    await s3.send(new DeleteObjectsCommand({ Bucket: stack.s3.warehouseBucket, Delete: { Objects: keys } }));
    expect(await readFileTable(storage, lake.tableLocation('products'))).toBeUndefined();
    sink = await lake.startSink({ COMMIT_INTERVAL_SECONDS: '1' });
    await waitFor(committed(['products'], all.length), {
      what: 'the rebuilt current-state table',
      timeoutMs: 60_000,
    });
    await expectLake(all);
  });
});
