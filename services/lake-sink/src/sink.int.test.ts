import { currentSnapshot, MANIFEST_MERGE_THRESHOLD, readFileTable } from '@lakestream/iceberg';
import { groupCaughtUp } from '@lakestream/kafka';
import { loadRowSchema, type Table } from '@lakestream/schemas';
import { loadStackConfig, localS3Client, uniqueName, waitFor } from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';
import { lakeS3, readLakeTables } from '@lakestream/testkit';
import { offsetsOf } from './lake/table-writer';
import type { LakeSinkService } from './service';
import { canonicalRow, projectRows, type TextRow } from './testing/canonical';
import { changeEvent, privateLake, type Row } from './testing/harness';

const stack = loadStackConfig();

const product = (sku: string, price: string, name: string): Row => ({
  sku,
  tenant_id: sku.startsWith('B') ? 'beta' : 'acme',
  vendor_id: 7n,
  name,
  category: 'Technology',
  subcategory: 'Computers',
  brand: 'Acme',
  list_price_usd: price,
  unit_cost_usd: '1.25',
  attributes: JSON.stringify({ ram_gb: 16 }),
  active: true,
  created_at: 1_763_900_000_000_000n,
  updated_at: 1_763_900_000_000_000n,
});

const order = (id: bigint, status: string, total: string): Row => ({
  id,
  tenant_id: id % 2n === 0n ? 'acme' : 'beta',
  customer_id: 1000n + id,
  market_id: 'US',
  warehouse_id: 'WH-1',
  status,
  currency: 'USD',
  total_amount: total,
  ordered_at: 1_763_000_000_000_000n,
  shipped_at: status === 'shipped' ? 1_763_100_000_000_000n : null,
  delivered_at: null,
  created_at: 1_763_000_000_000_000n,
  updated_at: 1_763_000_000_000_000n,
});

/** What the source holds after the events, applied in order: key → row, deletes removed. */
function sourceState(events: ReturnType<typeof changeEvent>[]): Map<string, Row> {
  const state = new Map<string, Row>();
  for (const e of events) {
    if (e.op === 'd') state.delete(e.key);
    else state.set(e.key, e.after as Row);
  }
  return state;
}

const columnsOf = (table: Table) => loadRowSchema(table).fields.map((f) => f.name);

describe('lake sink on the real stack', () => {
  const lake = privateLake(uniqueName('lake'), stack, ['products', 'orders']);
  const storage = s3Storage(localS3Client(stack), lake.warehouse);
  let sink: LakeSinkService | undefined;

  beforeAll(() => lake.createTopics(3));
  afterAll(() => sink?.stop());

  async function committedThrough(entity: string, produced: number) {
    // Every table has committed offsets summing to what was produced (the topic is not transactional).
    for (const table of [entity, `${entity}_changes`]) {
      const loaded = await readFileTable(storage, lake.tableLocation(table));
      const offsets = offsetsOf(loaded?.metadata, lake.topic(entity));
      const total = [...offsets.values()].reduce((a, b) => a + b, 0n);
      if (total !== BigInt(produced)) return false;
    }
    return true;
  }

  async function read(table: string, snapshotId?: string) {
    const loaded = await readFileTable(storage, lake.tableLocation(table));
    if (!loaded) throw new Error(`${table} does not exist`);
    const request = {
      s3: lakeS3(stack),
      reads: [{ metadataLocation: loaded.metadataLocation, snapshotId: snapshotId ?? null }],
    };
    const [python, java] = await Promise.all([
      readLakeTables('pyiceberg', request),
      readLakeTables('java', request),
    ]);
    return {
      pyiceberg: python[0]?.rows ?? [],
      java: java[0]?.rows ?? [],
      snapshot: currentSnapshot(loaded.metadata),
    };
  }

  it('writes history and current state that pyiceberg and the Java reader both read as the source holds it, now and as of an earlier snapshot', async () => {
    const first = [
      changeEvent('products', 'c', 'A1', 1, product('A1', '10.00', 'one'), 'acme'),
      changeEvent('products', 'c', 'A2', 2, product('A2', '20.00', 'two'), 'acme'),
      changeEvent('products', 'c', 'B3', 3, product('B3', '30.00', 'three'), 'beta'),
      // Updates and a delete of the same keys inside one commit collapse to the last change.
      changeEvent('products', 'u', 'A1', 4, product('A1', '11.00', 'one v2'), 'acme'),
      changeEvent('products', 'u', 'A1', 5, product('A1', '12.50', 'one v3'), 'acme'),
      changeEvent('products', 'd', 'A2', 6, product('A2', '20.00', 'two'), 'acme'),
    ];
    const firstOrders = [1n, 2n, 3n, 4n, 5n, 6n].map((id) =>
      changeEvent(
        'orders',
        'c',
        String(id),
        10 + Number(id),
        order(id, 'pending', `${id}0.00`),
        id % 2n === 0n ? 'acme' : 'beta',
      ),
    );
    await lake.produce('products', first);
    await lake.produce('orders', firstOrders);
    sink = await lake.startSink({ COMMIT_INTERVAL_SECONDS: '1' });
    await waitFor(
      async () =>
        (await committedThrough('products', first.length)) &&
        (await committedThrough('orders', firstOrders.length)),
      { timeoutMs: 60_000, what: 'the tables to commit every produced offset' },
    );
    const earlier = {
      products: (await read('products')).snapshot?.['snapshot-id'],
      orders: (await read('orders')).snapshot?.['snapshot-id'],
    };

    // Across commits: update and delete rows written by the first commit, and bring back a deleted key.
    const second = [
      changeEvent('products', 'u', 'B3', 20, product('B3', '31.00', 'three v2'), 'beta'),
      changeEvent('products', 'd', 'A1', 21, product('A1', '12.50', 'one v3'), 'acme'),
      changeEvent('products', 'c', 'A2', 22, product('A2', '22.00', 'two again'), 'acme'),
      changeEvent('products', 'c', 'B4', 23, product('B4', '40.00', 'four'), 'beta'),
    ];
    const secondOrders = [
      changeEvent('orders', 'u', '1', 30, order(1n, 'shipped', '10.00'), 'beta'),
      changeEvent('orders', 'd', '2', 31, order(2n, 'pending', '20.00'), 'acme'),
      changeEvent('orders', 'u', '3', 32, order(3n, 'paid', '30.00'), 'beta'),
      changeEvent('orders', 'u', '3', 33, order(3n, 'shipped', '30.00'), 'beta'),
    ];
    await lake.produce('products', second);
    await lake.produce('orders', secondOrders);
    await waitFor(
      async () =>
        (await committedThrough('products', first.length + second.length)) &&
        (await committedThrough('orders', firstOrders.length + secondOrders.length)),
      { timeoutMs: 60_000, what: 'the tables to commit every produced offset' },
    );

    const expectations: [
      string,
      Table,
      ReturnType<typeof changeEvent>[],
      ReturnType<typeof changeEvent>[],
    ][] = [
      ['products', 'products', first, second],
      ['orders', 'orders', firstOrders, secondOrders],
    ];
    for (const [entity, table, before, after] of expectations) {
      const columns = columnsOf(table);
      const key = columns[0] as string;
      const expect_ = (events: typeof before) =>
        projectRows(
          [...sourceState(events).values()].map((row) => canonicalRow(table, row)),
          columns,
          key,
        );
      const now = await read(entity);
      const then = await read(entity, String(earlier[entity as 'products' | 'orders']));
      for (const reader of ['pyiceberg', 'java'] as const) {
        expect(projectRows(now[reader], columns, key)).toEqual(expect_([...before, ...after]));
        expect(projectRows(then[reader], columns, key)).toEqual(expect_(before));
      }

      // History: every change exactly once, with its op, in both readers.
      const history = await read(`${entity}_changes`);
      const all = [...before, ...after];
      const expectedHistory: TextRow[] = all.map((e) => ({
        _op: e.op,
        _key: e.key,
        _source_ordinal: e.sourcePosition.ordinal,
        ...canonicalRow(table, (e.op === 'd' ? e.before : e.after) as Row),
      }));
      for (const reader of ['pyiceberg', 'java'] as const) {
        expect(
          projectRows(history[reader], ['_source_ordinal', '_op', '_key', ...columns], '_source_ordinal'),
        ).toEqual(
          projectRows(expectedHistory, ['_source_ordinal', '_op', '_key', ...columns], '_source_ordinal'),
        );
      }
    }
  });

  it('keeps every engine’s view right after merging manifests (many small commits, deletes across them)', async () => {
    const small = privateLake(uniqueName('lake-merge'), stack, ['products']);
    await small.createTopics(1);
    const events = [];
    for (let i = 0; i < 320; i += 1) {
      const sku = `A${i % 10}`;
      const op = i < 10 ? 'c' : i % 5 === 0 ? 'd' : i % 5 === 1 ? 'c' : 'u';
      events.push(changeEvent('products', op, sku, 100 + i, product(sku, `${i}.00`, `v${i}`), 'acme'));
    }
    // Keep only a valid sequence per key: no update or delete after a delete without a create.
    const live = new Set<string>();
    const valid = events.filter((e) => {
      if (e.op === 'c') {
        if (live.has(e.key)) return false;
        live.add(e.key);
        return true;
      }
      if (!live.has(e.key)) return false;
      if (e.op === 'd') live.delete(e.key);
      return true;
    });
    await small.produce('products', valid);
    const smallSink = await small.startSink({ COMMIT_MAX_ROWS: '2', COMMIT_INTERVAL_SECONDS: '1' });
    try {
      const smallStorage = s3Storage(localS3Client(stack), small.warehouse);
      await waitFor(
        async () => {
          const loaded = await readFileTable(smallStorage, small.tableLocation('products'));
          return offsetsOf(loaded?.metadata, small.topic('products')).get(0) === BigInt(valid.length);
        },
        { timeoutMs: 90_000, what: 'every change committed in small commits' },
      );
      const loaded = await readFileTable(smallStorage, small.tableLocation('products'));
      expect(loaded?.metadata.snapshots?.length).toBeGreaterThan(MANIFEST_MERGE_THRESHOLD);
      const request = {
        s3: lakeS3(stack),
        reads: [{ metadataLocation: loaded?.metadataLocation as string }],
      };
      const columns = columnsOf('products');
      const expected = projectRows(
        [...sourceState(valid).values()].map((row) => canonicalRow('products', row)),
        columns,
        'sku',
      );
      for (const reader of ['pyiceberg', 'java'] as const) {
        const [result] = await readLakeTables(reader, request);
        expect(projectRows(result?.rows ?? [], columns, 'sku')).toEqual(expected);
      }
    } finally {
      await smallSink.stop();
    }
  });

  it('commits what it holds when stopped, long before the commit interval', async () => {
    const quiet = privateLake(uniqueName('lake-stop'), stack, ['products']);
    await quiet.createTopics(1);
    const events = ['S1', 'S2', 'S3'].map((sku, i) =>
      changeEvent('products', 'c', sku, 500 + i, product(sku, '1.00', sku), 'acme'),
    );
    await quiet.produce('products', events);
    const quietSink = await quiet.startSink({ COMMIT_INTERVAL_SECONDS: '3600' });
    await waitFor(() => quietSink.pending() === events.length, {
      timeoutMs: 30_000,
      what: 'the changes buffered',
    });
    const quietStorage = s3Storage(localS3Client(stack), quiet.warehouse);
    expect(await readFileTable(quietStorage, quiet.tableLocation('products'))).toBeUndefined();
    await quietSink.stop();
    for (const table of ['products', 'products_changes']) {
      const loaded = await readFileTable(quietStorage, quiet.tableLocation(table));
      expect(offsetsOf(loaded?.metadata, quiet.topic('products')).get(0)).toBe(BigInt(events.length));
    }
  });

  it('reaches the end of a partition whose last fetch holds only an aborted transaction and its marker', async () => {
    const world = privateLake(uniqueName('lake-markers'), stack, ['products']);
    await world.createTopics(1);
    const sink = await world.startSink({ COMMIT_INTERVAL_SECONDS: '1' });
    const admin = world.kafka.admin();
    await admin.connect();
    const caughtUp = (what: string) =>
      waitFor(() => groupCaughtUp(admin, world.env.GROUP_ID, [world.topic('products')]), {
        timeoutMs: 60_000,
        what,
      });
    try {
      const kept = ['M1', 'M2'].map((sku, i) =>
        changeEvent('products', 'c', sku, 600 + i, product(sku, '1.00', sku), 'acme'),
      );
      await world.produce('products', kept);
      await caughtUp('the sink to commit the kept records');
      // Fetched on their own now: kafkajs never hands this batch to eachBatch.
      await world.produceAborted('products', [
        changeEvent('products', 'c', 'M3', 610, product('M3', '1.00', 'M3'), 'acme'),
      ]);
      // The abort marker is written after the producer hears back: until then the end stays put.
      await waitFor(
        async () => (await admin.fetchTopicOffsets(world.topic('products'))).every((p) => p.high === '4'),
        { timeoutMs: 30_000, what: 'the abort marker to be written (the end at offset 4)' },
      );
      await caughtUp('the sink to move past the aborted transaction');
      const storage = s3Storage(localS3Client(stack), world.warehouse);
      const loaded = await readFileTable(storage, world.tableLocation('products_changes'));
      const [read] = await readLakeTables('pyiceberg', {
        s3: lakeS3(stack),
        reads: [{ metadataLocation: loaded?.metadataLocation as string }],
      });
      expect((read?.rows ?? []).map((r) => r._key).sort()).toEqual(['M1', 'M2']);
    } finally {
      await admin.disconnect();
      await sink.stop();
    }
  });
});
