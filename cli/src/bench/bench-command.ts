import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@lakestream/stack';

/** Every stage's benchmark (bench/src/<name>.ts), in the order data flows; each prints its own tables. */
export const BENCHES = [
  {
    name: 'cdc-ingest',
    what: 'Debezium backlog and steady rate, beside a bare consume and a bare consume → transactional produce pipe',
  },
  {
    name: 'enricher',
    what: 'enrichment throughput beside a bare consume → transactional produce pipe; heap per million reference rows',
  },
  {
    name: 'lake-sink',
    what: 'changes/s into Iceberg (history and current state) beside a bare consume; live-row index memory',
  },
  {
    name: 'inventory-api',
    what: 'API latency under load beside the bare SDK calls behind its routes (Query, GetItem, BatchGetItem); MariaDB commit → API and → lake snapshot at a steady rate',
  },
  {
    name: 'lake-read',
    what: 'lakestream sql on a 1M-row table (local and S3), planning time against manifests, compaction rate',
  },
] as const;

export interface BenchOptions {
  /** Only these benchmarks (by name); all by default. */
  only: readonly string[];
  /** Where the report goes; bench/results/<date>.md by default. */
  out?: string;
}

interface Ran {
  name: string;
  what: string;
  code: number | null;
  seconds: number;
  output: string;
  loadBefore: number[];
  loadAfter: number[];
}

const load = () => loadavg().map((l) => Number(l.toFixed(2)));

/** One benchmark as its own process (node bench/dist/<name>.js), its output streamed and kept. */
function runOne(
  name: string,
  progress: (line: string) => void,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', join(repoRoot, 'bench', 'dist', `${name}.js`)], {
      cwd: repoRoot,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    // Benchmarks report progress on stderr: passed through so a long run shows it is alive.
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) progress(`  ${line}`);
    });
    child.once('close', (code) => resolve({ code, output: Buffer.concat(out).toString('utf8') }));
  });
}

/**
 * `lakestream bench`: every stage's benchmark, one after the other on the running stack, into one
 * report (`bench/results/<date>.md`) with the machine it ran on and its load before and after each,
 * since a figure means little beside its yardstick without knowing what else was running.
 */
export async function benchCommand(options: BenchOptions, out: (line: string) => void): Promise<number> {
  const chosen = BENCHES.filter((b) => options.only.length === 0 || options.only.includes(b.name));
  const unknown = options.only.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length > 0)
    throw new Error(`no benchmark named ${unknown.join(', ')} (${BENCHES.map((b) => b.name).join(', ')})`);
  const ran: Ran[] = [];
  for (const bench of chosen) {
    if (!existsSync(join(repoRoot, 'bench', 'dist', `${bench.name}.js`))) {
      out(`bench ${bench.name}: not built (npm run build), skipped`);
      continue;
    }
    out(`bench ${bench.name}: ${bench.what}`);
    const loadBefore = load();
    const started = Date.now();
    const { code, output } = await runOne(bench.name, out);
    const seconds = (Date.now() - started) / 1000;
    ran.push({ ...bench, code, seconds, output, loadBefore, loadAfter: load() });
    out(`bench ${bench.name}: ${code === 0 ? 'done' : `failed (exit ${code})`} in ${seconds.toFixed(0)} s`);
    out(output.trimEnd());
  }
  const date = new Date().toISOString().slice(0, 10);
  const file = options.out ?? join(repoRoot, 'bench', 'results', `${date}.md`);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, report(ran, date));
  out(`report: ${file}`);
  return ran.every((r) => r.code === 0) ? 0 : 1;
}

export function report(ran: readonly Ran[], date: string): string {
  const cpu = cpus();
  return [
    `# Benchmarks, ${date}`,
    '',
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. ` +
      'Every service, the stack and the yardsticks share these cores; each figure stands beside its yardstick measured in the same run.',
    '',
    ...ran.flatMap((r) => [
      `## ${r.name}`,
      '',
      `${r.what}. ${r.code === 0 ? '' : `**Failed (exit ${r.code}).** `}${r.seconds.toFixed(0)} s; load average before ${r.loadBefore.join(' / ')}, after ${r.loadAfter.join(' / ')}.`,
      '',
      '```',
      r.output.trimEnd(),
      '```',
      '',
    ]),
  ].join('\n');
}
