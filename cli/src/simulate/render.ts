import { renderTable, type SimulationProgress, type SimulationReport, simTables } from '@lakestream/stack';

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

export function renderProgress(p: SimulationProgress): string {
  const failed = p.failed > 0 ? `, ${n(p.failed)} failed` : '';
  return `  ${seconds(p.elapsedMs).padStart(7)}  ${n(p.changes).padStart(9)} changes  ${n(p.rate)}/s (lately ${n(p.recentRate)}/s)${failed}`;
}

/** What the run did: the rate it reached, and the committed row changes per table and operation. */
export function renderReport(report: SimulationReport): string {
  const rows = simTables.map((table) => {
    const { c, u, d } = report.tables[table];
    return [table, n(c), n(u), n(d), n(c + u + d)];
  });
  const sum = (op: 'c' | 'u' | 'd') => simTables.reduce((total, t) => total + report.tables[t][op], 0);
  rows.push(['total', n(sum('c')), n(sum('u')), n(sum('d')), n(report.changes)]);
  const lines = [
    `simulate: ${n(report.changes)} row changes in ${n(report.events)} transactions over ${seconds(report.elapsedMs)}: ${n(report.rate)} changes/s (target ${n(report.targetRate)}/s), stopped by ${report.stoppedBy}`,
    '',
    renderTable(['TABLE', 'INSERTS', 'UPDATES', 'DELETES', 'CHANGES'], rows),
  ];
  if (report.retries > 0) lines.push('', `${n(report.retries)} deadlocks or lock waits retried`);
  if (report.failed > 0) {
    lines.push('', `${n(report.failed)} events failed and were rolled back; the first ones:`);
    lines.push(...report.failures.map((f) => `  ${f}`));
  }
  return lines.join('\n');
}
