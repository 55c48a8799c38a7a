import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lmdbStore } from '@lakestream/enricher/dist/store/lmdb-store';
import { memoryStore } from '@lakestream/enricher/dist/store/memory-store';
import type { ReferenceStore, RefVersion, StateEntity } from '@lakestream/enricher/dist/store/reference';
import { binlogOrdinal } from '@lakestream/schemas';
import { ClassicLevel } from 'classic-level';

// The reference store candidates at a given number of rows (docs/decisions/0010-enricher.md): the heap
// each keeps, its files on disk, how fast it takes a version and answers "the version valid at o".
// Heap figures need `node --expose-gc`.

const gc = (globalThis as { gc?: () => void }).gc;
const heapUsed = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};

/** A reference row as the state keeps it: mostly customers (with PII), some products and vendors. */
export function referenceRow(i: number): { entity: StateEntity; key: string; version: RefVersion } {
  const ordinal = binlogOrdinal({ file: 'binlog.000001', pos: 1_000 + i, row: 0 });
  const committedAt = 1_765_000_000_000_000n + BigInt(i) * 1000n;
  if (i % 10 === 0) {
    const sku = `ACME-TEC-${String(i).padStart(8, '0')}`;
    return {
      entity: 'products',
      key: sku,
      version: {
        ordinal,
        committedAt,
        row: {
          sku,
          tenant_id: 'acme',
          vendor_id: BigInt(i % 97),
          name: `Acme Phone ${i} Pro Max`,
          category: 'Technology',
          subcategory: 'Phones',
          brand: 'Acme',
          list_price_usd: `${(i % 900) + 100}.99`,
          unit_cost_usd: `${(i % 500) + 50}.10`,
          attributes: `{"ram_gb":${8 * ((i % 4) + 1)},"storage_gb":256,"color":"graphite"}`,
          active: true,
          created_at: committedAt,
          updated_at: committedAt,
        },
      },
    };
  }
  return {
    entity: 'customers',
    key: String(i),
    version: {
      ordinal,
      committedAt,
      row: {
        id: BigInt(i),
        tenant_id: 'acme',
        market_id: 'US-CA',
        first_name: `Firstname${i % 5000}`,
        last_name: `Lastname${i % 7919}`,
        email: `customer.${i}@example.com`,
        phone: `+1 415 555 ${String(i % 10000).padStart(4, '0')}`,
        address_line1: `${i % 9999} Market Street`,
        address_line2: i % 3 === 0 ? `Apt ${i % 300}` : null,
        city: 'San Francisco',
        postal_code: String(94100 + (i % 100)),
        country_code: 'US',
        segment: ['consumer', 'corporate', 'home_office'][i % 3],
        created_at: committedAt,
        updated_at: committedAt,
      },
    },
  };
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(path) : (await stat(path)).blocks * 512;
  }
  return total;
}

export interface StoreFootprint {
  store: string;
  rows: number;
  heapBytes: number;
  diskBytes: number;
  loadPerSecond: number;
  lookupsPerSecond: number;
  exactHeap: boolean;
}

const LOOKUPS = 200_000;

/** Keys to look up, spread over the whole store, made before the heap is measured. */
function lookupKeys(rows: number): [StateEntity, string][] {
  return Array.from({ length: LOOKUPS }, (_, n) => {
    const { entity, key } = referenceRow((n * 7919) % rows);
    return [entity, key];
  });
}

async function measureSync(
  name: string,
  rows: number,
  make: (dir: string) => ReferenceStore & { transaction?: <T>(w: () => T) => T; close?: () => Promise<void> },
) {
  const dir = await mkdtemp(join(tmpdir(), `enrich-store-${name}-`));
  const probes = lookupKeys(rows);
  const before = heapUsed();
  const store = make(dir);
  const started = performance.now();
  const batch = 10_000;
  for (let from = 0; from < rows; from += batch) {
    const write = () => {
      for (let i = from; i < Math.min(rows, from + batch); i += 1) {
        const { entity, key, version } = referenceRow(i);
        store.apply(entity, key, version);
      }
    };
    if (store.transaction) store.transaction(write);
    else write();
  }
  const loadMs = performance.now() - started;
  const at = binlogOrdinal({ file: 'binlog.000002', pos: 0, row: 0 });
  const lookupStarted = performance.now();
  let found = 0;
  for (const [entity, key] of probes) if (store.at(entity, key, at)) found += 1;
  if (found !== LOOKUPS) throw new Error(`${name}: ${found} of ${LOOKUPS} lookups found their row`);
  const lookupMs = performance.now() - lookupStarted;
  // After the lookups: a cache in front of the store is as full as it gets in service.
  const heapBytes = heapUsed() - before;
  await store.close?.();
  const diskBytes = await folderBytes(dir);
  await rm(dir, { recursive: true, force: true });
  return {
    store: name,
    rows,
    heapBytes,
    diskBytes,
    loadPerSecond: (rows * 1000) / loadMs,
    lookupsPerSecond: (LOOKUPS * 1000) / lookupMs,
    exactHeap: gc !== undefined,
  };
}

/** classic-level (LevelDB) answers only asynchronously: a join would await every lookup. */
async function measureLevel(rows: number): Promise<StoreFootprint> {
  const dir = await mkdtemp(join(tmpdir(), 'enrich-store-level-'));
  const probes = lookupKeys(rows);
  const before = heapUsed();
  const db = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8' });
  const keyOf = (entity: string, key: string, ordinal: string) => `${entity}\u0000${key}\u0000${ordinal}`;
  const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
  const started = performance.now();
  for (let from = 0; from < rows; from += 10_000) {
    const ops = [];
    for (let i = from; i < Math.min(rows, from + 10_000); i += 1) {
      const { entity, key, version } = referenceRow(i);
      ops.push({ type: 'put' as const, key: keyOf(entity, key, version.ordinal), value: json(version) });
    }
    await db.batch(ops);
  }
  const loadMs = performance.now() - started;
  const heapBytes = heapUsed() - before;
  const lookupStarted = performance.now();
  for (const [entity, key] of probes) {
    // The version valid at o: the last key at or before [entity, key, o].
    for await (const [, value] of db.iterator({
      lte: keyOf(entity, key, 'b:9'),
      gte: keyOf(entity, key, ''),
      reverse: true,
      limit: 1,
    })) {
      JSON.parse(value);
    }
  }
  const lookupMs = performance.now() - lookupStarted;
  await db.close();
  const diskBytes = await folderBytes(dir);
  await rm(dir, { recursive: true, force: true });
  return {
    store: 'classic-level (LevelDB)',
    rows,
    heapBytes,
    diskBytes,
    loadPerSecond: (rows * 1000) / loadMs,
    lookupsPerSecond: (LOOKUPS * 1000) / lookupMs,
    exactHeap: gc !== undefined,
  };
}

/** Every candidate at `rows` reference rows, one after the other in this process. */
export async function storeFootprints(rows: number): Promise<StoreFootprint[]> {
  const out: StoreFootprint[] = [];
  out.push(await measureSync('lmdb (chosen)', rows, (dir) => lmdbStore({ path: dir, cacheEntries: 50_000 })));
  out.push(await measureLevel(rows));
  // A Map in the heap: checkpoints would be a file of every version, written as the lake-sink's index is.
  out.push(await measureSync('Map in the heap', rows, () => memoryStore()));
  return out;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

export function storeTable(results: readonly StoreFootprint[]): string {
  const lines = [
    '| store | rows | heap MB per 1M rows | disk MB per 1M rows | load rows/s | lookups/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const per = 1_000_000 / r.rows;
    lines.push(
      `| ${r.store} | ${r.rows.toLocaleString('en')} | ${mb(r.heapBytes * per)}${r.exactHeap ? '' : ' (no gc)'} | ${mb(r.diskBytes * per)} | ${Math.round(r.loadPerSecond).toLocaleString('en')} | ${Math.round(r.lookupsPerSecond).toLocaleString('en')} |`,
    );
  }
  return lines.join('\n');
}

if (require.main === module) {
  const rows = Number(process.env.BENCH_REFERENCE_ROWS ?? 1_000_000);
  storeFootprints(rows).then(
    (results) => process.stdout.write(`${storeTable(results)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
      process.exit(1);
    },
  );
}
