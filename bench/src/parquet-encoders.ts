/**
 * The lake-sink's Parquet data-file encoder (hyparquet-writer, docs/decisions/0004) on orders-like
 * rows, in-process, no stack needed: `npm run build && npm run bench:parquet-encoders`.
 *   1. encode: rows/s over BENCH_RUNS runs after a warm-up, file size, peak RSS growth;
 *   2. read back by field id (the sink's index rebuild), rows/s, and every value compared;
 *   3. the same file through pyarrow (BENCH_PYTHON, default python3; skipped without pyarrow):
 *      field ids, logical types and column statistics as an Iceberg reader in Java or Python sees them.
 * The other candidates' numbers in the decision were measured with the same rows from a scratch
 * install; only the chosen encoder is a dependency of the repository.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { encodeDataFile, type IcebergSchema, type LakeRow, readDataFileColumns } from '@lakestream/iceberg';
import { renderTable } from '@lakestream/stack';
import { percentile, perSecond } from './stats';

const rowCount = Number(process.env.BENCH_ROWS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const python = process.env.BENCH_PYTHON ?? 'python3';
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** globalmart.orders (libs/schemas/avro/rows/orders/v1.avsc) as the sink's Iceberg table has it. */
const ordersSchema: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', required: true, type: 'long' },
    { id: 2, name: 'tenant_id', required: true, type: 'string' },
    { id: 3, name: 'customer_id', required: true, type: 'long' },
    { id: 4, name: 'market_id', required: true, type: 'string' },
    { id: 5, name: 'warehouse_id', required: true, type: 'string' },
    { id: 6, name: 'status', required: true, type: 'string' },
    { id: 7, name: 'currency', required: true, type: 'string' },
    { id: 8, name: 'total_amount', required: true, type: 'decimal(12, 2)' },
    { id: 9, name: 'ordered_at', required: true, type: 'timestamp' },
    { id: 10, name: 'shipped_at', required: false, type: 'timestamp' },
    { id: 11, name: 'delivered_at', required: false, type: 'timestamp' },
    { id: 12, name: 'created_at', required: true, type: 'timestamptz' },
    { id: 13, name: 'updated_at', required: true, type: 'timestamptz' },
  ],
};

const statuses = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'];
const markets = [
  ['DE', 'EUR'],
  ['FR', 'EUR'],
  ['GB', 'GBP'],
  ['US', 'USD'],
  ['JP', 'JPY'],
];

/** Deterministic rows with the spread of values a day of GlobalMart orders has. */
function orderRows(count: number): LakeRow[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const start = 1_767_225_600_000_000n; // 2026-01-01T00:00:00Z in microseconds
  return Array.from({ length: count }, (_, i) => {
    const status = statuses[Math.floor(next() * statuses.length)] ?? 'pending';
    const [market = 'DE', currency = 'EUR'] = markets[Math.floor(next() * markets.length)] ?? [];
    const orderedAt = start + BigInt(i) * 800_000n + BigInt(Math.floor(next() * 1_000_000));
    const shipped = status === 'shipped' || status === 'delivered' || status === 'returned';
    const cents = Math.floor(next() * 5_000_000);
    return {
      id: BigInt(10_000_000 + i),
      tenant_id: `tenant-${Math.floor(next() * 20)}`,
      customer_id: BigInt(Math.floor(next() * 2_000_000)),
      market_id: market,
      warehouse_id: `${market}-WH-${Math.floor(next() * 8)}`,
      status,
      currency,
      total_amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      ordered_at: orderedAt,
      shipped_at: shipped ? orderedAt + 86_400_000_000n : null,
      delivered_at: status === 'delivered' ? orderedAt + 3n * 86_400_000_000n : null,
      created_at: orderedAt,
      updated_at: orderedAt + BigInt(Math.floor(next() * 3_600_000_000)),
    };
  });
}

const PYARROW_CHECK = `
import json, sys
import pyarrow.parquet as pq
f = pq.ParquetFile(sys.argv[1])
schema = f.schema_arrow
ids = {fl.name: int((fl.metadata or {}).get(b'PARQUET:field_id', b'-1')) for fl in schema}
groups = [f.metadata.row_group(g) for g in range(f.metadata.num_row_groups)]
stats = all(g.column(c).statistics is not None and g.column(c).statistics.has_min_max
            for g in groups for c in range(g.num_columns))
types = {fl.name: str(fl.type) for fl in schema}
print(json.dumps({'ids': ids, 'stats': stats, 'types': types, 'rows': f.read().num_rows}))
`;

/** What pyarrow sees, or why it was not asked. */
function pyarrowVerdict(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'lakestream-bench-'));
  try {
    const file = join(dir, 'orders.parquet');
    writeFileSync(file, bytes);
    const run = spawnSync(python, ['-c', PYARROW_CHECK, file], { encoding: 'utf8' });
    if (run.status !== 0) return `not checked (${python}: ${run.error?.message ?? 'no pyarrow'})`;
    const seen = JSON.parse(run.stdout) as {
      ids: Record<string, number>;
      stats: boolean;
      types: Record<string, string>;
      rows: number;
    };
    const idsRight = ordersSchema.fields.every((field) => seen.ids[field.name] === field.id);
    const typesRight =
      seen.types.total_amount === 'decimal128(12, 2)' &&
      seen.types.ordered_at === 'timestamp[us]' &&
      seen.types.created_at === 'timestamp[us, tz=UTC]';
    return `field ids ${idsRight ? 'yes' : 'NO'}, types ${typesRight ? 'yes' : 'NO'}, stats ${seen.stats ? 'yes' : 'NO'}, rows ${seen.rows}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  progress(`generating ${rowCount} orders rows`);
  const rows = orderRows(rowCount);
  await encodeDataFile(ordersSchema, rows.slice(0, 1_000)); // warm-up: module load and JIT

  const rssBefore = process.memoryUsage().rss;
  const encodeMs: number[] = [];
  let file = await encodeDataFile(ordersSchema, rows);
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    file = await encodeDataFile(ordersSchema, rows);
    encodeMs.push(performance.now() - started);
    progress(`encode run ${run + 1}/${runs}: ${encodeMs.at(-1)?.toFixed(0)} ms`);
  }
  const peakRssGrowth = process.resourceUsage().maxRSS * 1024 - rssBefore;

  const ids = ordersSchema.fields.map((field) => field.id);
  const readStarted = performance.now();
  const columns = await readDataFileColumns(file.bytes, ids);
  const readMs = performance.now() - readStarted;
  // Decimal text comes back at the full scale; the generator already writes two decimals.
  const readBackRight = ordersSchema.fields.every((field) =>
    isDeepStrictEqual(
      columns.get(field.id),
      rows.map((row) => row[field.name] ?? null),
    ),
  );
  const amount = file.metrics.get(8);
  const metricsRight =
    file.metrics.size === ids.length &&
    [...file.metrics.values()].every((m) => m.valueCount === rowCount && m.columnSize > 0) &&
    amount?.lower !== undefined &&
    amount.upper !== undefined;

  progress('asking pyarrow');
  const median = percentile(
    [...encodeMs].sort((a, b) => a - b),
    50,
  );
  const header = [
    'encoder',
    'rows',
    'encode rows/s (median)',
    'bytes',
    'peak RSS growth',
    'read back rows/s',
    'round trip',
    'metrics',
  ];
  const line = [
    'hyparquet-writer 0.17.0 (snappy)',
    String(rowCount),
    String(perSecond(rowCount, median)),
    mib(file.bytes.length),
    mib(Math.max(0, peakRssGrowth)),
    String(perSecond(rowCount, readMs)),
    readBackRight ? 'exact' : 'DIFFERS',
    metricsRight ? 'yes' : 'NO',
  ];
  process.stdout.write(`${renderTable(header, [line])}\n\npyarrow: ${pyarrowVerdict(file.bytes)}\n`);
  if (!readBackRight || !metricsRight) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
