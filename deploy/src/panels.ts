import { DASHBOARDS, queryOf, RATE } from './dashboards';

export interface PanelQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

/** Every query of every dashboard panel as Prometheus receives it, Grafana's interval fixed. */
export function panelQueries(window = '1m'): PanelQuery[] {
  return DASHBOARDS.flatMap((d) =>
    d.panels.flatMap((p) =>
      p.targets.map((t) => ({ dashboard: d.uid, panel: p.title, expr: queryOf(t).replaceAll(RATE, window) })),
    ),
  );
}

/** The panel queries that return no series from the Prometheus at `url` (its HTTP API). */
export async function emptyPanels(url: string, window = '1m'): Promise<PanelQuery[]> {
  const empty: PanelQuery[] = [];
  for (const query of panelQueries(window)) {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query.expr)}`);
    const body = (await response.json()) as { status: string; data?: { result: unknown[] }; error?: string };
    if (body.status !== 'success') throw new Error(`${query.panel}: ${body.error ?? response.status}`);
    if ((body.data?.result.length ?? 0) === 0) empty.push(query);
  }
  return empty;
}

// `node deploy/dist/panels.js [prometheus url]`: which panels show nothing on that Prometheus (the
// local stack's by default, while `lakestream up` runs). Exit 1 when one does.
if (require.main === module) {
  const url = process.argv[2] ?? 'http://127.0.0.1:9090';
  emptyPanels(url).then(
    (empty) => {
      const total = panelQueries().length;
      for (const q of empty) process.stdout.write(`no data: ${q.dashboard} / ${q.panel}: ${q.expr}\n`);
      process.stdout.write(`${total - empty.length} of ${total} panel queries return data on ${url}\n`);
      process.exit(empty.length === 0 ? 0 : 1);
    },
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    },
  );
}
