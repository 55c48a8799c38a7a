import {
  currentSchema,
  fileCatalog,
  type LoadedTable,
  listSnapshots,
  snapshotAsOf,
  type TableIdentifier,
} from '@lakestream/iceberg';
import {
  compactTable,
  defaultCompactionPolicy,
  expireSnapshots,
  featuresAsOf,
  type LakeS3Access,
  openLakeSession,
} from '@lakestream/lake';
import { loadRowSchema, TABLES, type Table } from '@lakestream/schemas';
import { localS3Client, simulate } from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';
import { canonicalSelect, lakeS3, readLakeTables, rowLines } from '@lakestream/testkit';
import { compareLake, diff, historyOnce, isClean, keyOf, rowText, sourceRows, type TableDiff } from './truth';
import { type PipelineWorld, pipelineWorld } from './world';

const log = (line: string) => process.stderr.write(`[e2e lake-read] ${line}\n`);
const problems = (diffs: TableDiff[]) => diffs.filter((d) => !isClean(d));
const ns = (name: string): TableIdentifier => ({ namespace: ['globalmart'], name });

jest.setTimeout(60 * 60_000);

/**
 * Reading the lake that the whole pipeline wrote (MariaDB → Debezium → cdc-ingest → lake-sink, every
 * service its own process): `sql --as-of` at three moments against what MariaDB held then, DuckDB,
 * pyiceberg and Java alike on every table, features as of a time older than every retained snapshot,
 * and compaction and expiry racing the running sink for 60 s under a steady change rate.
 */
describe('reading and housekeeping the lake the pipeline writes', () => {
  let world: PipelineWorld;
  let s3: LakeS3Access;
  const moments: { at: number; truth: Awaited<ReturnType<typeof sourceRows>> }[] = [];
  const storage = () => s3Storage(localS3Client(world.stack), world.warehouse);
  const catalog = () => fileCatalog(storage());

  beforeAll(async () => {
    // The lake is written from the changes topics: the enricher would only take CPU from the sink.
    world = await pipelineWorld({ log, instances: { enricher: 0 } });
    world.pipeline.start();
    await world.ready();
    const remote = lakeS3(world.stack);
    s3 = {
      endpoint: remote.endpoint,
      region: remote.region,
      accessKeyId: remote.accessKeyId,
      secretAccessKey: remote.secretAccessKey,
      pathStyle: true,
    };
  });
  afterAll(() => world?.close());

  /** The current-state tables as DuckDB reads them as of a time, in the source's columns, by key. */
  async function lakeAsOf(at: number, truth: Awaited<ReturnType<typeof sourceRows>>): Promise<TableDiff[]> {
    const session = await openLakeSession({
      catalog: catalog(),
      cache: world.stack.cache,
      s3,
      asOf: { kind: 'time', ms: at },
      tables: TABLES.map(ns),
    });
    try {
      const diffs: TableDiff[] = [];
      for (const table of TABLES) {
        const loaded = (await catalog().loadTable(ns(table))) as LoadedTable;
        const result = await session.query(canonicalSelect(`"${table}"`, currentSchema(loaded.metadata)));
        const rows = result.rows.map((r) =>
          Object.fromEntries(r.map((v, i) => [result.columns[i]?.name ?? '', v === null ? null : String(v)])),
        );
        const columns = loadRowSchema(table).fields.map((f) => f.name);
        const expected = new Map([...(truth.get(table) ?? [])].map(([k, row]) => [k, rowText(row, columns)]));
        const actual = new Map(rows.map((row) => [keyOf(table, row), rowText(row, columns)]));
        diffs.push(diff(table, expected, actual));
      }
      return diffs;
    } finally {
      session.close();
    }
  }

  /** The same snapshots through DuckDB, pyiceberg and Java; the readers' lines must be equal. */
  async function threeReaders(reads: { table: string; snapshotId: bigint }[]) {
    const loaded = new Map<string, LoadedTable>();
    for (const r of reads) loaded.set(r.table, (await catalog().loadTable(ns(r.table))) as LoadedTable);
    const request = {
      s3: lakeS3(world.stack),
      reads: reads.map((r) => ({
        metadataLocation: loaded.get(r.table)?.metadataLocation ?? '',
        snapshotId: r.snapshotId.toString(),
      })),
    };
    // Every table of the GlobalMart database, twice, by two readers sharing two cores: minutes, not seconds.
    const [py, java] = await Promise.all([
      readLakeTables('pyiceberg', request, { timeoutMs: 360_000 }),
      readLakeTables('java', request, { timeoutMs: 360_000 }),
    ]);
    const out: {
      table: string;
      snapshotId: bigint;
      duckdb: string[];
      pyiceberg: string[];
      java: string[];
    }[] = [];
    for (const [i, r] of reads.entries()) {
      const table = loaded.get(r.table) as LoadedTable;
      const names = currentSchema(table.metadata).fields.map((f) => f.name);
      const session = await openLakeSession({
        catalog: catalog(),
        cache: world.stack.cache,
        s3,
        asOf: { kind: 'snapshot', id: r.snapshotId },
        tables: [ns(r.table)],
      });
      try {
        const result = await session.query(canonicalSelect(`"${r.table}"`, currentSchema(table.metadata)));
        const rows = result.rows.map((row) =>
          Object.fromEntries(
            row.map((v, j) => [result.columns[j]?.name ?? '', v === null ? null : String(v)]),
          ),
        );
        out.push({
          ...r,
          duckdb: rowLines(rows, names),
          pyiceberg: rowLines(py[i]?.rows ?? [], names),
          java: rowLines(java[i]?.rows ?? [], names),
        });
      } finally {
        session.close();
      }
    }
    return out;
  }

  const disagreements = (reads: Awaited<ReturnType<typeof threeReaders>>) =>
    reads
      .filter(
        (r) =>
          JSON.stringify(r.duckdb) !== JSON.stringify(r.pyiceberg) ||
          JSON.stringify(r.duckdb) !== JSON.stringify(r.java),
      )
      .map(
        (r) =>
          `${r.table}@${r.snapshotId}: duckdb ${r.duckdb.length}, pyiceberg ${r.pyiceberg.length}, java ${r.java.length}`,
      );

  it('sql --as-of at three moments returns what MariaDB held at each', async () => {
    await world.caughtUp();
    for (let moment = 1; moment <= 3; moment += 1) {
      if (moment > 1) {
        const report = await world.simulate(2_000, 400, 20261206 + moment);
        expect(report.failed).toBe(0);
        await world.caughtUp();
      }
      // Everything MariaDB committed is in the lake, and nothing more is being written.
      moments.push({ at: Date.now(), truth: await sourceRows(world) });
      log(
        `moment ${moment}: ${new Date(moments.at(-1)?.at ?? 0).toISOString()}, ${[...(moments.at(-1)?.truth.values() ?? [])].reduce((n, t) => n + t.size, 0)} source rows`,
      );
    }
    // Read afterwards, each as of its own moment: later commits must not show.
    for (const { at, truth } of moments) expect(problems(await lakeAsOf(at, truth))).toEqual([]);
    // And the moments differ: the test would catch a lake read at the wrong one.
    expect(
      problems(await lakeAsOf(moments[0]?.at ?? 0, moments[2]?.truth ?? new Map())).length,
    ).toBeGreaterThan(0);
  });

  it('DuckDB, pyiceberg and the Java reader agree on every table at the latest snapshot and at an earlier one', async () => {
    const reads: { table: string; snapshotId: bigint }[] = [];
    for (const table of TABLES.flatMap((t) => [t, `${t}_changes`])) {
      const loaded = (await catalog().loadTable(ns(table))) as LoadedTable;
      const latest = listSnapshots(loaded.metadata).at(-1);
      const earlier = snapshotAsOf(loaded.metadata, moments[0]?.at ?? 0);
      if (latest) reads.push({ table, snapshotId: latest['snapshot-id'] });
      if (earlier && earlier !== latest) reads.push({ table, snapshotId: earlier['snapshot-id'] });
    }
    const results = await threeReaders(reads);
    expect(disagreements(results)).toEqual([]);
    expect(results.filter((r) => r.duckdb.length > 0).length).toBeGreaterThan(20);
  });

  it('compaction and expiry racing the running sink for 60 s under a steady change rate: nothing lost, nothing doubled, the sink never stops', async () => {
    const simulation = simulate(
      { rate: 200, durationMs: 60_000, seed: 7, connections: 4, progressIntervalMs: 10_000 },
      { pool: world.pool },
    );
    let running = true;
    void simulation.finally(() => {
      running = false;
    });
    const rounds = { compactions: 0, expired: 0, carried: 0 };
    while (running) {
      for (const table of ['orders', 'inventory', 'orders_changes']) {
        const report = await compactTable({
          catalog: catalog(),
          storage: storage(),
          identifier: ns(table),
          policy: defaultCompactionPolicy(),
          dryRun: false,
        });
        if (report.snapshotId !== undefined) rounds.compactions += 1;
        rounds.carried += report.deletesCarried;
      }
      // Keep 20 s of snapshots: the moments of the first test go, their times stay readable as features.
      for (const table of TABLES.flatMap((t) => [t, `${t}_changes`])) {
        const report = await expireSnapshots({
          catalog: catalog(),
          storage: storage(),
          identifier: ns(table),
          policy: { allMs: 20_000, dailyMs: 0, monthlyMs: 0 },
          now: Date.now(),
          dryRun: false,
        });
        rounds.expired += report.expired.length;
      }
    }
    const report = await simulation;
    log(
      `raced: ${report.changes} changes at ${Math.round(report.rate)}/s; ${rounds.compactions} compactions (${rounds.carried} deletes carried), ${rounds.expired} snapshots expired`,
    );
    expect(report.failed).toBe(0);
    expect(rounds.compactions).toBeGreaterThanOrEqual(2);
    expect(rounds.expired).toBeGreaterThan(0);
    await world.caughtUp();
    const source = await sourceRows(world);
    expect(problems(await compareLake(world, source))).toEqual([]);
    expect(problems(await historyOnce(world))).toEqual([]);
    expect(problems(await lakeAsOf(Date.now(), source))).toEqual([]);
    expect(world.events.filter((e) => e.event === 'exited')).toEqual([]);
  });

  it('features as of the first moment, older than every retained snapshot, are what MariaDB held then', async () => {
    const first = moments[0] as (typeof moments)[number];
    for (const entity of ['orders', 'inventory', 'customers'] as Table[]) {
      const history = (await catalog().loadTable(ns(`${entity}_changes`))) as LoadedTable;
      expect(Math.min(...listSnapshots(history.metadata).map((s) => s['timestamp-ms']))).toBeGreaterThan(
        first.at,
      );
      const result = await featuresAsOf({
        catalog: catalog(),
        cache: world.stack.cache,
        s3,
        namespace: 'globalmart',
        entity,
        asOfMs: first.at,
      });
      const canonical = result;
      const columns = loadRowSchema(entity).fields.map((f) => f.name);
      const types = new Map(currentSchema(history.metadata).fields.map((f) => [f.name, String(f.type)]));
      const text = (name: string, value: unknown): string | null => {
        if (value === null || value === undefined) return null;
        const type = types.get(name);
        if (type === 'timestamptz' || type === 'timestamp')
          return String((value as { micros: bigint }).micros);
        return String(value);
      };
      const rows = canonical.rows.map((r) =>
        Object.fromEntries(
          r.map((v, i) => [canonical.columns[i]?.name ?? '', text(canonical.columns[i]?.name ?? '', v)]),
        ),
      );
      const expected = new Map(
        [...(first.truth.get(entity) ?? [])].map(([k, row]) => [k, rowText(row, columns)]),
      );
      const actual = new Map(rows.map((row) => [keyOf(entity, row), rowText(row, columns)]));
      expect(diff(entity, expected, actual)).toEqual({
        table: entity,
        expected: expected.size,
        actual: expected.size,
        missing: [],
        extra: [],
        different: [],
      });
    }
  });

  it('after expire and compact, every retained snapshot reads the same rows as before, in all three readers', async () => {
    const tables = ['orders', 'inventory'];
    const retained = async () => {
      const reads: { table: string; snapshotId: bigint }[] = [];
      for (const table of tables) {
        const loaded = (await catalog().loadTable(ns(table))) as LoadedTable;
        for (const s of listSnapshots(loaded.metadata).slice(-3))
          reads.push({ table, snapshotId: s['snapshot-id'] });
      }
      return reads;
    };
    for (const table of tables)
      await expireSnapshots({
        catalog: catalog(),
        storage: storage(),
        identifier: ns(table),
        policy: { allMs: 0, dailyMs: 0, monthlyMs: 0 },
        now: Date.now(),
        dryRun: false,
      });
    // One more commit per table, so two snapshots are retained, then a compaction on top.
    await world.simulate(300, 300, 99);
    await world.caughtUp();
    const reads = await retained();
    const before = await threeReaders(reads);
    expect(disagreements(before)).toEqual([]);
    for (const table of tables)
      await compactTable({
        catalog: catalog(),
        storage: storage(),
        identifier: ns(table),
        policy: defaultCompactionPolicy(),
        dryRun: false,
      });
    await expireSnapshots({
      catalog: catalog(),
      storage: storage(),
      identifier: ns('orders'),
      policy: { allMs: 3_600_000, dailyMs: 0, monthlyMs: 0 },
      now: Date.now(),
      dryRun: false,
    });
    const after = await threeReaders(reads);
    expect(disagreements(after)).toEqual([]);
    expect(after.map((r) => r.duckdb)).toEqual(before.map((r) => r.duckdb));
    // The compacted snapshot reads the same as the one before it.
    for (const table of tables) {
      const loaded = (await catalog().loadTable(ns(table))) as LoadedTable;
      const newest = listSnapshots(loaded.metadata).at(-1);
      expect(newest?.summary.operation).toBe('replace');
      const [now] = await threeReaders([{ table, snapshotId: newest?.['snapshot-id'] as bigint }]);
      expect(now?.duckdb).toEqual(before.filter((r) => r.table === table).at(-1)?.duckdb);
    }
  });
});
