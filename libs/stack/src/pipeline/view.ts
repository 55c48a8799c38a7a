import type { PipelineSnapshot } from './observe';
import { quantileBetween, type Sample, sumOf } from './prometheus-text';

/** What each stage counts as its throughput, from its own /metrics. */
const THROUGHPUT: Readonly<
  Record<string, { metric: string; labels?: Record<string, (v: string) => boolean> }>
> = {
  'cdc-ingest': { metric: 'lakestream_ingest_changes_out_total' },
  enricher: { metric: 'lakestream_enrich_changes_out_total' },
  // History rows: one per source change (the current-state table counts the same changes again).
  'lake-sink': {
    metric: 'lakestream_lake_rows_written_total',
    labels: { table: (t) => t.endsWith('_changes') },
  },
  projector: { metric: 'lakestream_projector_writes_total' },
  'inventory-api': { metric: 'lakestream_api_request_seconds_count' },
};

export interface ViewOptions {
  width?: number;
  /** Where to look next: printed under the figures. */
  hints?: readonly string[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

function fit(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

function age(ms: number): string {
  if (ms < 0) return 'now';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s ago`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  return `${Math.round(ms / 3_600_000)} h ago`;
}

function ms(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  return seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(1)} s`;
}

/** A stage's throughput counter summed over its instances (`lake-sink`, `lake-sink-2`, ...). */
function stageTotal(snapshot: PipelineSnapshot, service: string): number | undefined {
  const spec = THROUGHPUT[service];
  if (!spec) return undefined;
  let total: number | undefined;
  for (const process of snapshot.state?.processes ?? []) {
    if (process.service !== service) continue;
    const samples = snapshot.metrics.get(process.name);
    if (samples) total = (total ?? 0) + sumOf(samples, spec.metric, spec.labels ?? {});
  }
  return total;
}

/** Every instance's samples of one service, for histograms that span the stage. */
function stageSamples(snapshot: PipelineSnapshot, service: string): Sample[] {
  return (snapshot.state?.processes ?? [])
    .filter((p) => p.service === service)
    .flatMap((p) => snapshot.metrics.get(p.name) ?? []);
}

/**
 * The live view as lines no wider than `width` (80 by default): per process its state, restarts and
 * changes/s since the previous snapshot; lag per group; dead letters by code; the newest lake
 * snapshots; freshness; a request that works; where to look next.
 */
export function renderView(
  now: PipelineSnapshot,
  before: PipelineSnapshot | undefined,
  options: ViewOptions = {},
): string[] {
  const width = options.width ?? 80;
  const seconds = before ? Math.max(0.001, (now.at - before.at) / 1000) : undefined;
  const lines: string[] = [];
  const time = new Date(now.at).toISOString().replace('T', ' ').slice(0, 19);
  lines.push(`LAKESTREAM  local pipeline  ${time} UTC`);
  if (!now.state) {
    lines.push('', 'the pipeline is not running (lakestream up)');
    return lines.map((l) => fit(l, width));
  }
  lines.push('');
  lines.push(
    `${'PROCESS'.padEnd(16)}${'STATE'.padEnd(13)}${'RESTARTS'.padEnd(10)}${'PER S'.padStart(9)}${'TOTAL'.padStart(13)}`,
  );
  for (const process of now.state.processes) {
    const ready = now.ready.get(process.name);
    const state =
      process.state !== 'running'
        ? process.state
        : ready === true
          ? 'ready'
          : ready === false
            ? 'not ready'
            : 'starting';
    const spec = THROUGHPUT[process.service];
    const count = (s: PipelineSnapshot | undefined) => {
      const samples = s?.metrics.get(process.name);
      return samples && spec ? sumOf(samples, spec.metric, spec.labels ?? {}) : undefined;
    };
    const total = count(now);
    const previous = count(before);
    const rate =
      total !== undefined && previous !== undefined && seconds ? (total - previous) / seconds : undefined;
    lines.push(
      `${process.name.padEnd(16)}${state.padEnd(13)}${String(process.restarts).padEnd(10)}${(rate === undefined ? '-' : thousands(Math.max(0, rate))).padStart(9)}${(total === undefined ? '-' : thousands(total)).padStart(13)}`,
    );
  }
  lines.push('');
  const lag = [...now.lag].map(([group, behind]) => `${group.replace(/^lakestream-/, '')} ${behind}`);
  lines.push(`LAG        ${lag.length > 0 ? lag.join(' · ') : '-'}`);
  const dead = [...now.deadLetters].sort((a, b) => b[1] - a[1]);
  const deadTotal = dead.reduce((n, [, c]) => n + c, 0);
  lines.push(
    `DLQ        ${deadTotal === 0 ? 'none' : `${deadTotal}: ${dead.map(([code, n]) => `${code} ${n}`).join(' · ')}`}`,
  );
  const lake = [...now.lake].sort((a, b) => b.committedAt - a.committedAt);
  lines.push(
    `LAKE       ${
      lake.length === 0
        ? 'no table yet'
        : `${plural(lake.length, 'table')}; newest: ${lake
            .slice(0, 3)
            .map((t) => `${t.table} ${age(now.at - t.committedAt)} (${thousands(t.records)} rows)`)
            .join(' · ')}`
    }`,
  );
  if (before) {
    const api = quantileBetween(
      stageSamples(before, 'projector'),
      stageSamples(now, 'projector'),
      'lakestream_end_to_end_seconds',
      0.5,
    );
    const api99 = quantileBetween(
      stageSamples(before, 'projector'),
      stageSamples(now, 'projector'),
      'lakestream_end_to_end_seconds',
      0.99,
    );
    const lakeP50 = quantileBetween(
      stageSamples(before, 'lake-sink'),
      stageSamples(now, 'lake-sink'),
      'lakestream_end_to_end_seconds',
      0.5,
    );
    lines.push(`FRESHNESS  commit → API p50 ${ms(api)} p99 ${ms(api99)} · commit → lake p50 ${ms(lakeP50)}`);
  }
  const ingest = stageTotal(now, 'cdc-ingest');
  if (ingest === 0 && now.lake.length === 0) lines.push('           (waiting for the first changes to flow)');
  lines.push('');
  if (now.example) {
    const status = now.example.status === undefined ? 'no answer' : `answers ${now.example.status}`;
    lines.push(`TRY (${status}):`);
    lines.push(`  curl -H 'x-api-key: ${now.example.key}' \\`);
    lines.push(`    ${now.example.url}`);
  }
  for (const hint of options.hints ?? []) lines.push(hint);
  return lines.map((l) => fit(l, width));
}

/** One line for logs and pipes (stdout not a TTY): the same figures, no layout. */
export function renderLine(now: PipelineSnapshot, before: PipelineSnapshot | undefined): string {
  const seconds = before ? Math.max(0.001, (now.at - before.at) / 1000) : undefined;
  const stages = Object.keys(THROUGHPUT).map((service) => {
    const total = stageTotal(now, service);
    const previous = before ? stageTotal(before, service) : undefined;
    const rate =
      total !== undefined && previous !== undefined && seconds ? (total - previous) / seconds : undefined;
    return `${service} ${rate === undefined ? '-' : `${thousands(Math.max(0, rate))}/s`}`;
  });
  const lag = [...now.lag.values()].reduce((n, l) => n + l, 0n);
  const dead = [...now.deadLetters.values()].reduce((n, c) => n + c, 0);
  const restarts = (now.state?.processes ?? []).reduce((n, p) => n + p.restarts, 0);
  const time = new Date(now.at).toISOString().slice(11, 19);
  return `${time} ${stages.join(', ')}; lag ${lag}; dlq ${dead}; lake tables ${now.lake.length}; restarts ${restarts}`;
}
