import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentSchema, fileCatalog, type LoadedTable, listSnapshots } from '@lakestream/iceberg';
import {
  compactTable,
  defaultCompactionPolicy,
  expireSnapshots,
  featuresAsOf,
  openLakeSession,
  removeOrphans,
} from '@lakestream/lake';
import { writeOrderTables } from '@lakestream/lake-sink/dist/testing/order-tables';
import { orderChanges } from '@lakestream/lake-sink/dist/testing/order-workload';
import { localStorage } from '@lakestream/storage';
import { canonicalSelect, readLakeTables, rowLines } from '@lakestream/testkit';

jest.setTimeout(10 * 60_000);

const cache = process.env.LAKESTREAM_CACHE ?? join(homedir(), '.cache', 'lakestream');
const ORDERS = { namespace: ['globalmart'], name: 'orders' };
const HISTORY = { namespace: ['globalmart'], name: 'orders_changes' };

/**
 * The library under the housekeeping commands, on tables lake-sink's own TableWriter wrote (an
 * update-heavy order stream: position deletes in every commit), in a local warehouse, every result
 * checked by DuckDB, pyiceberg and Iceberg's Java reader.
 */
describe('reading and housekeeping on sink-written tables', () => {
  let folder: string;
  let storage: ReturnType<typeof localStorage>;
  let catalog: ReturnType<typeof fileCatalog>;

  /** The same snapshot through DuckDB, pyiceberg and Java, as canonical text lines. */
  async function readAll(table: LoadedTable, snapshotId: bigint) {
    const schema = currentSchema(table.metadata);
    const names = schema.fields.map((f) => f.name);
    const session = await openLakeSession({
      catalog,
      cache,
      asOf: { kind: 'snapshot', id: snapshotId },
      tables: [table.identifier],
    });
    try {
      const result = await session.query(canonicalSelect(table.identifier.name, schema));
      const duck = result.rows.map((row) =>
        Object.fromEntries(row.map((v, i) => [result.columns[i]?.name ?? '', v === null ? null : String(v)])),
      );
      const read = { metadataLocation: table.metadataLocation, snapshotId: snapshotId.toString() };
      const [[py], [java]] = await Promise.all([
        readLakeTables('pyiceberg', { reads: [read] }),
        readLakeTables('java', { reads: [read] }),
      ]);
      return {
        duckdb: rowLines(duck, names),
        pyiceberg: rowLines(py?.rows ?? [], names),
        java: rowLines(java?.rows ?? [], names),
      };
    } finally {
      session.close();
    }
  }

  async function agreed(table: LoadedTable, snapshotId: bigint): Promise<string[]> {
    const { duckdb, pyiceberg, java } = await readAll(table, snapshotId);
    expect(pyiceberg).toEqual(duckdb);
    expect(java).toEqual(duckdb);
    return duckdb;
  }

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'lake-housekeeping-'));
    storage = localStorage(folder);
    catalog = fileCatalog(storage);
    // 12 commits of 1,000 changes: 6,000 orders, 6,000 updates (position deletes).
    await writeOrderTables(storage, { changes: 12_000, chunk: 1_000 });
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('reads every order once at the latest and an earlier snapshot, the three readers alike; expiry keeps what it keeps readable and deletes what only expired snapshots used', async () => {
    const table = (await catalog.loadTable(ORDERS)) as LoadedTable;
    const snapshots = listSnapshots(table.metadata);
    expect(snapshots).toHaveLength(12);
    const latest = snapshots[11]?.['snapshot-id'] as bigint;
    const earlier = snapshots[4]?.['snapshot-id'] as bigint;
    const before = { latest: await agreed(table, latest), earlier: await agreed(table, earlier) };
    expect(before.latest).toHaveLength(6_000);
    expect(before.earlier).toHaveLength(2_500);
    const keys = (lines: string[]) => new Set(lines.map((l) => JSON.parse(l)[0]));
    expect(keys(before.latest).size).toBe(6_000);

    // Keep every snapshot from the fifth on: the window is "younger than now minus its time".
    const now = Date.now();
    const policy = { allMs: now - (snapshots[4]?.['timestamp-ms'] as number), dailyMs: 0, monthlyMs: 0 };
    const dry = await expireSnapshots({ catalog, storage, identifier: ORDERS, policy, now, dryRun: true });
    expect(dry.expired).toHaveLength(4);
    expect(dry.filesDeleted).toBeGreaterThan(0);
    expect(listSnapshots(((await catalog.loadTable(ORDERS)) as LoadedTable).metadata)).toHaveLength(12);
    const done = await expireSnapshots({ catalog, storage, identifier: ORDERS, policy, now, dryRun: false });
    expect(done.expired.map((s) => s['snapshot-id'])).toEqual(
      snapshots.slice(0, 4).map((s) => s['snapshot-id']),
    );
    expect(done.filesDeleted).toBe(dry.filesDeleted);
    const after = (await catalog.loadTable(ORDERS)) as LoadedTable;
    expect(listSnapshots(after.metadata)).toHaveLength(8);
    expect(await agreed(after, latest)).toEqual(before.latest);
    expect(await agreed(after, earlier)).toEqual(before.earlier);
  });

  it('compacts into fewer files with no deletes, and every retained snapshot reads as before', async () => {
    const table = (await catalog.loadTable(ORDERS)) as LoadedTable;
    const retained = listSnapshots(table.metadata).map((s) => s['snapshot-id']);
    const before = new Map<bigint, string[]>();
    for (const id of [retained[0], retained.at(-1)] as bigint[]) before.set(id, await agreed(table, id));
    const report = await compactTable({
      catalog,
      storage,
      identifier: ORDERS,
      policy: defaultCompactionPolicy(),
      dryRun: false,
    });
    expect(report.rowsOut).toBe(6_000);
    const compacted = (await catalog.loadTable(ORDERS)) as LoadedTable;
    const summary = listSnapshots(compacted.metadata).at(-1)?.summary;
    expect(summary?.operation).toBe('replace');
    expect(summary?.['total-delete-files']).toBe('0');
    // One file per partition (5 tenants × 4 key buckets) instead of one per partition per commit.
    expect(Number(summary?.['total-data-files'])).toBeLessThanOrEqual(20);
    // The sink's offsets go on in the replace snapshot: a running sink resumes from them.
    expect(summary?.['lakestream.kafka-offsets']).toBe(
      listSnapshots(table.metadata).at(-1)?.summary['lakestream.kafka-offsets'],
    );
    const newest = listSnapshots(compacted.metadata).at(-1)?.['snapshot-id'] as bigint;
    expect(await agreed(compacted, newest)).toEqual(before.get(retained.at(-1) as bigint));
    for (const [id, rows] of before) expect(await agreed(compacted, id)).toEqual(rows);
  });

  it('removes files no metadata references, only those older than the cut-off, and a dry run removes none', async () => {
    const table = (await catalog.loadTable(ORDERS)) as LoadedTable;
    const stray = join(table.location, 'data', 'stray-from-a-lost-commit.parquet');
    await storage.write(stray, new Uint8Array([1, 2, 3]));
    const young = await removeOrphans({
      catalog,
      storage,
      identifier: ORDERS,
      olderThanMs: 60_000,
      now: Date.now(),
      dryRun: false,
    });
    expect(young.orphans).toEqual([]);
    expect(young.tooYoung).toBe(1);
    const later = Date.now() + 120_000;
    const dry = await removeOrphans({
      catalog,
      storage,
      identifier: ORDERS,
      olderThanMs: 60_000,
      now: later,
      dryRun: true,
    });
    // The stray file, and the compaction's replaced files are still referenced by older snapshots.
    expect(dry.orphans.map((o) => o.location)).toContain(stray);
    expect(await storage.exists(stray)).toBe(true);
    await removeOrphans({
      catalog,
      storage,
      identifier: ORDERS,
      olderThanMs: 60_000,
      now: later,
      dryRun: false,
    });
    expect(await storage.exists(stray)).toBe(false);
    const after = (await catalog.loadTable(ORDERS)) as LoadedTable;
    const [oldest, newest] = [listSnapshots(after.metadata)[0], listSnapshots(after.metadata).at(-1)];
    expect(await agreed(after, oldest?.['snapshot-id'] as bigint)).toHaveLength(2_500);
    expect(await agreed(after, newest?.['snapshot-id'] as bigint)).toHaveLength(6_000);
  });

  it('features as of a time: each order as its last change at or before it, also after every older snapshot expired', async () => {
    // The order stream's changes commit 1 ms apart from DAY_START (+1 ms per change).
    const changes = [...orderChanges('update-heavy', 12_000, 7, 12_000)].flat();
    const cut = 4_321;
    const asOfMs = Number((changes[cut - 1]?.committedAt as bigint) / 1000n);
    const expected = new Map<string, string>();
    for (const e of changes.slice(0, cut)) expected.set(e.key, String(e.after?.status));
    const read = async () => {
      const result = await featuresAsOf({
        catalog,
        cache,
        namespace: 'globalmart',
        entity: 'orders',
        asOfMs,
      });
      const at = (name: string) => result.columns.findIndex((c) => c.name === name);
      return new Map(result.rows.map((r) => [String(r[at('_key')]), String(r[at('status')])]));
    };
    expect(await read()).toEqual(expected);
    const history = (await catalog.loadTable(HISTORY)) as LoadedTable;
    const newest = listSnapshots(history.metadata).at(-1);
    // Every snapshot but the current one expires; the current holds every change.
    const now = Date.now();
    await expireSnapshots({
      catalog,
      storage,
      identifier: HISTORY,
      policy: { allMs: now - (newest?.['timestamp-ms'] as number), dailyMs: 0, monthlyMs: 0 },
      now,
      dryRun: false,
    });
    const expired = (await catalog.loadTable(HISTORY)) as LoadedTable;
    expect(listSnapshots(expired.metadata)).toHaveLength(1);
    expect(Math.min(...listSnapshots(expired.metadata).map((s) => s['timestamp-ms']))).toBeGreaterThan(
      asOfMs,
    );
    expect(await read()).toEqual(expected);
  });
});
