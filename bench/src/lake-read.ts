import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Catalog,
  contentFileOf,
  EntryStatus,
  encodeDataFile,
  encodeManifest,
  encodeManifestList,
  FileContent,
  fileCatalog,
  type IcebergSchema,
  type ManifestFile,
  newTableMetadata,
  partitionSummaries,
  planFiles,
  readFileTable,
  type Snapshot,
  serializeTableMetadata,
} from '@lakestream/iceberg';
import {
  compactTable,
  defaultCompactionPolicy,
  type LakeS3Access,
  lakeDuckdb,
  openLakeSession,
} from '@lakestream/lake';
import { writeOrderTables } from '@lakestream/lake-sink/dist/testing/order-tables';
import { loadStackConfig, localS3Client, renderTable, uniqueName } from '@lakestream/stack';
import { localStorage, s3Storage, type WarehouseStorage } from '@lakestream/storage';
import { localLakeS3 } from './lake-freshness';

// Reading the lake (docs/decisions/0008): `lakestream sql` on a 1M-row current-state table, local and
// on the stack's S3 server, before and after compaction (count(*) and a filtered aggregate, each a
// one-shot: open, plan, query, as the command does); planning time against the number of manifests
// up to a 10,000-commit table; the compaction rate. Load averages are printed beside each figure:
// the machine has 2 cores shared with the stack and other work.
//   node bench/dist/lake-read.js [--orders 1000000] [--skip-s3] [--max-commits 10000]

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const ORDERS = Number(option('orders', '1000000'));
const MAX_COMMITS = Number(option('max-commits', '10000'));
const RUNS = 3;
const stack = loadStackConfig();
const load = () => loadavg()[0]?.toFixed(1) ?? '?';
const log = (line: string) => process.stderr.write(`[lake-read] ${line}\n`);
const ms = (n: number) => `${Math.round(n)} ms`;

const QUERIES = {
  'count(*)': 'SELECT count(*) FROM orders',
  filtered:
    "SELECT status, count(*), sum(total_amount) FROM orders WHERE tenant_id = 'acme' AND customer_id BETWEEN 20000 AND 30000 GROUP BY status",
};

async function queryTimes(catalog: Catalog, s3?: LakeS3Access) {
  const rows: string[][] = [];
  for (const [name, sql] of Object.entries(QUERIES)) {
    const oneShot: number[] = [];
    const warm: number[] = [];
    const loads: string[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const session = await openLakeSession({
        catalog,
        cache: stack.cache,
        ...(s3 ? { s3 } : {}),
        tables: [{ namespace: ['globalmart'], name: 'orders' }],
      });
      await session.query(sql);
      oneShot.push(performance.now() - started);
      // The same query again in the open session: DuckDB's own planning and scan, no extension loading.
      const again = performance.now();
      await session.query(sql);
      warm.push(performance.now() - again);
      session.close();
      loads.push(load());
    }
    rows.push([
      name,
      ms(Math.min(...oneShot)),
      ms(Math.max(...oneShot)),
      ms(Math.min(...warm)),
      ms(Math.max(...warm)),
      loads.join(' '),
    ]);
  }
  return rows;
}

async function tableReport(where: string, storage: WarehouseStorage, s3?: LakeS3Access) {
  const catalog = fileCatalog(storage);
  const started = performance.now();
  const written = await writeOrderTables(storage, {
    changes: ORDERS * 2,
    chunk: 20_000,
    tables: ['current'],
    onProgress: (n) => {
      if (n % 200_000 === 0) log(`${where}: ${n} changes written (load ${load()})`);
    },
  });
  log(`${where}: ${written.commits} commits in ${(written.seconds).toFixed(0)} s`);
  const table = await readFileTable(storage, `${storage.root}/globalmart/orders`);
  const summary = table?.metadata.snapshots?.at(-1)?.summary;
  const before = await queryTimes(catalog, s3);
  const compaction = await compactTable({
    catalog,
    storage,
    identifier: { namespace: ['globalmart'], name: 'orders' },
    policy: defaultCompactionPolicy(),
    dryRun: false,
    progress: (line) => log(line),
  });
  const after = await queryTimes(catalog, s3);
  return {
    setup: `${where}: ${ORDERS.toLocaleString('en-US')} live rows, ${summary?.['total-data-files']} data + ${summary?.['total-delete-files']} delete files, ${summary?.['total-position-deletes']} position deletes (written in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    queries: [
      ...before.map((r) => [`${where}, uncompacted`, ...r]),
      ...after.map((r) => [`${where}, compacted`, ...r]),
    ],
    compaction: [
      where,
      String(compaction.plan.dataFiles),
      String(compaction.plan.deleteFiles),
      String(compaction.filesWritten),
      String(compaction.rowsIn),
      String(compaction.rowsOut),
      `${compaction.seconds.toFixed(1)} s`,
      `${Math.round(compaction.rowsIn / compaction.seconds).toLocaleString('en-US')} rows/s`,
      `${(compaction.plan.inputBytes / 1048576 / compaction.seconds).toFixed(1)} MiB/s`,
      load(),
    ],
  };
}

const SCHEMA: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', required: true, type: 'long' },
    { id: 2, name: 'v', required: false, type: 'string' },
  ],
};

/**
 * A table of `commits` one-file appends, built directly (the metadata holds every snapshot; only the
 * current snapshot's manifest list is written): `merged` as lake-sink keeps it (at most 64 manifests
 * carried, then one), otherwise one manifest per commit, as an engine that never merges leaves it.
 */
async function syntheticTable(folder: string, commits: number, merged: boolean): Promise<string> {
  const storage = localStorage(folder);
  const location = join(folder, `t${commits}${merged ? 'm' : 'u'}`);
  const encoded = await encodeDataFile(SCHEMA, [{ id: 1n, v: 'x' }]);
  const dataPath = join(location, 'data', 'one.parquet');
  await storage.write(dataPath, encoded.bytes);
  const file = contentFileOf(FileContent.Data, dataPath, [], encoded, SCHEMA);
  const header = { schema: SCHEMA, specId: 0, partitionFields: [], content: FileContent.Data };
  const manifest = async (entries: number, firstSequence: bigint, name: string): Promise<ManifestFile> => {
    const bytes = await encodeManifest(
      header,
      Array.from({ length: entries }, (_, i) => ({
        status: EntryStatus.Existing,
        snapshotId: BigInt(i + 1),
        sequenceNumber: firstSequence + BigInt(i),
        fileSequenceNumber: firstSequence + BigInt(i),
        file,
      })),
    );
    const path = join(location, 'metadata', `${name}.avro`);
    await storage.write(path, bytes);
    return {
      path,
      length: bytes.length,
      partitionSpecId: 0,
      content: FileContent.Data,
      sequenceNumber: firstSequence + BigInt(entries - 1),
      minSequenceNumber: firstSequence,
      addedSnapshotId: BigInt(commits),
      addedFilesCount: 0,
      existingFilesCount: entries,
      deletedFilesCount: 0,
      addedRowsCount: 0,
      existingRowsCount: entries,
      deletedRowsCount: 0,
      partitions: partitionSummaries([], [file]),
    };
  };
  const manifests: ManifestFile[] = [];
  if (merged) {
    // What the sink's merge leaves: one merged manifest, then up to 64 single-commit ones.
    const carried = commits % 65;
    if (commits - carried > 0) manifests.push(await manifest(commits - carried, 1n, 'merged'));
    for (let i = commits - carried; i < commits; i += 1)
      manifests.push(await manifest(1, BigInt(i + 1), `m${i}`));
  } else {
    for (let i = 0; i < commits; i += 1) manifests.push(await manifest(1, BigInt(i + 1), `m${i}`));
  }
  const list = join(location, 'metadata', 'snap-current.avro');
  await storage.write(
    list,
    await encodeManifestList(
      { snapshotId: BigInt(commits), parentSnapshotId: BigInt(commits - 1), sequenceNumber: BigInt(commits) },
      manifests,
    ),
  );
  const snapshots: Snapshot[] = Array.from({ length: commits }, (_, i) => ({
    'snapshot-id': BigInt(i + 1),
    ...(i > 0 ? { 'parent-snapshot-id': BigInt(i) } : {}),
    'sequence-number': BigInt(i + 1),
    'timestamp-ms': 1_700_000_000_000 + i * 5_000,
    'manifest-list': i === commits - 1 ? list : join(location, 'metadata', `snap-${i + 1}.avro`),
    summary: {
      operation: 'append',
      'added-data-files': '1',
      'total-data-files': String(i + 1),
      'lakestream.kafka-offsets': JSON.stringify({
        'lakestream.changes.orders': { 0: String(i * 100), 1: String(i * 100), 2: String(i * 100) },
      }),
    },
    'schema-id': 0,
  }));
  const metadata = {
    ...newTableMetadata({
      uuid: randomUUID(),
      location,
      schema: SCHEMA,
      spec: { 'spec-id': 0, fields: [] },
      properties: {},
      now: 1_700_000_000_000,
    }),
    'last-sequence-number': BigInt(commits),
    'current-snapshot-id': BigInt(commits),
    snapshots,
    'snapshot-log': snapshots.map((s) => ({
      'snapshot-id': s['snapshot-id'],
      'timestamp-ms': s['timestamp-ms'],
    })),
    refs: { main: { 'snapshot-id': BigInt(commits), type: 'branch' as const } },
  };
  await storage.write(join(location, 'metadata', 'v1.metadata.json'), serializeTableMetadata(metadata));
  await storage.write(join(location, 'metadata', 'version-hint.text'), new TextEncoder().encode('1'));
  return location;
}

async function planningReport(): Promise<string[][]> {
  const folder = await mkdtemp(join(tmpdir(), 'bench-planning-'));
  const { instance, connection } = await lakeDuckdb(stack.cache);
  const rows: string[][] = [];
  try {
    for (const commits of [10, 100, 1_000, 10_000].filter((n) => n <= MAX_COMMITS)) {
      for (const merged of [true, false]) {
        const location = await syntheticTable(folder, commits, merged);
        const storage = localStorage(folder);
        const ts: number[] = [];
        const duck: number[] = [];
        let manifests = 0;
        for (let run = 0; run < RUNS; run += 1) {
          let started = performance.now();
          const table = await readFileTable(storage, location);
          const plan = await planFiles(storage, table?.metadata ?? ({} as never));
          ts.push(performance.now() - started);
          manifests = new Set(plan?.dataFiles.map((d) => d.manifest)).size;
          started = performance.now();
          await connection.runAndReadAll(
            `SELECT count(*) FROM iceberg_scan('${join(location, 'metadata', 'v1.metadata.json')}')`,
          );
          duck.push(performance.now() - started);
        }
        rows.push([
          String(commits),
          merged ? 'merged (lake-sink)' : 'one per commit',
          String(manifests),
          ms(Math.min(...ts)),
          ms(Math.min(...duck)),
          load(),
        ]);
        log(`planning: ${commits} commits, ${manifests} manifests done`);
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(folder, { recursive: true, force: true });
  }
  return rows;
}

async function main() {
  log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const planning = await planningReport();
  const folder = await mkdtemp(join(tmpdir(), 'bench-lake-read-'));
  const reports = [];
  try {
    reports.push(await tableReport('local', localStorage(folder)));
    if (!args.includes('--skip-s3')) {
      const prefix = `s3://${stack.s3.warehouseBucket}/${uniqueName('bench-lake-read')}`;
      const s3 = localLakeS3(stack);
      reports.push(await tableReport('S3', s3Storage(localS3Client(stack), prefix), s3));
      log(`S3 tables left under ${prefix} (remove them with the bucket tools if space matters)`);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  const out = (text: string) => process.stdout.write(`${text}\n`);
  for (const r of reports) out(r.setup);
  out(
    `\nlakestream sql over ${RUNS} runs: one-shot (open DuckDB, load metadata, plan, query) and the same query again in the open session:`,
  );
  out(
    renderTable(
      ['TABLE', 'QUERY', 'ONE-SHOT MIN', 'ONE-SHOT MAX', 'IN SESSION MIN', 'IN SESSION MAX', 'LOAD AVG'],
      reports.flatMap((r) => r.queries),
    ),
  );
  out('\nPlanning the current snapshot against the number of manifests (best of 3):');
  out(
    renderTable(
      [
        'COMMITS',
        'MANIFESTS KEPT',
        'MANIFESTS',
        'TS: LOAD + planFiles',
        'DUCKDB: iceberg_scan count(*)',
        'LOAD AVG',
      ],
      planning,
    ),
  );
  out('\nCompaction (lakestream compact):');
  out(
    renderTable(
      [
        'TABLE',
        'DATA FILES IN',
        'DELETE FILES IN',
        'FILES OUT',
        'ROWS IN',
        'ROWS OUT',
        'TIME',
        'ROWS',
        'INPUT',
        'LOAD AVG',
      ],
      reports.map((r) => r.compaction),
    ),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
