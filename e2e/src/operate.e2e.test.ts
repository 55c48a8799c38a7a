import { BUILTIN, emptyPanels, METRICS, type PanelQuery, panelQueries } from '@lakestream/deploy';
import { demoApiKeys, simulate, waitFor } from '@lakestream/stack';
import { injectPoison } from './poison';
import { type PrivatePrometheus, privatePrometheus } from './prometheus';
import { type PipelineWorld, pipelineWorld } from './world';

const log = (line: string) => process.stderr.write(`[operate] ${line}\n`);
/** Source changes per second while the test runs (OPERATE_RATE=400 for the memory measurement). */
const RATE_PER_SECOND = Number(process.env.OPERATE_RATE ?? 40);
jest.setTimeout(20 * 60_000);

/** A few API calls a second: reads that find data, 404s, and one refused key (401). */
async function apiTraffic(world: PipelineWorld, signal: AbortSignal) {
  const api = world.pipeline.instances.find((i) => i.service === 'inventory-api');
  if (!api) throw new Error('no API instance');
  const base = `http://${world.stack.host}:${api.httpPort}`;
  const [{ key } = { key: '' }] = demoApiKeys();
  const paths = ['/v1/products/ACME-TEC-00001', '/v1/inventory/ACME-TEC-00001', '/v1/products/NO-SUCH-SKU'];
  for (let i = 0; !signal.aborted; i += 1) {
    const path = paths[i % paths.length] as string;
    await fetch(`${base}${path}`, { headers: { 'x-api-key': i % 10 === 9 ? 'not-a-key-at-all-0000' : key } })
      .then((r) => r.arrayBuffer())
      .catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The operations artefacts against a running pipeline: a private pipeline under simulated load (with
 * poison and API traffic), a Prometheus of the test's own configured as the stack's (same
 * generator, the local alert rules). Every dashboard query must return data, every mapped metric
 * must be exported, and stopping lake-sink must fire LakestreamNoLakeCommit, starting it resolve it.
 */
describe('operating the pipeline: dashboards and alerts on live metrics', () => {
  let world: PipelineWorld;
  let prometheus: PrivatePrometheus;
  const load = new AbortController();
  const background: Promise<unknown>[] = [];

  beforeAll(async () => {
    world = await pipelineWorld({ log });
    world.pipeline.start();
    await world.ready();
    prometheus = await privatePrometheus(world.pipeline.instances, log);
    const pool = world.pool;
    background.push(
      simulate(
        {
          rate: RATE_PER_SECOND,
          seed: 20261207,
          connections: 4,
          signal: load.signal,
          progressIntervalMs: 60_000,
        },
        { pool },
      ),
      injectPoison(world, 2, load.signal),
      apiTraffic(world, load.signal),
    );
  });

  afterAll(async () => {
    // What the Kubernetes resources were sized from (deploy/README.md): each service's peak RSS.
    const rss = await prometheus
      ?.query(`max by (service) (max_over_time(${METRICS.residentMemory}{service!=""}[30m]))`)
      .catch(() => []);
    for (const s of rss ?? [])
      log(`peak RSS ${s.metric.service}: ${(Number(s.value[1]) / 2 ** 20).toFixed(0)} MiB`);
    load.abort();
    const [simulated] = await Promise.allSettled(background);
    if (simulated?.status === 'fulfilled') {
      const report = simulated.value as { changes: number; rate: number };
      log(`simulated ${report.changes} changes at ${Math.round(report.rate)}/s`);
    }
    await prometheus?.stop();
    await world?.close();
  });

  it('every dashboard query returns data and every metric they and the alerts name is exported', async () => {
    // The same check `node deploy/dist/panels.js <url>` makes against any Prometheus.
    let empty: PanelQuery[] = [];
    await waitFor(
      async () => {
        empty = await emptyPanels(prometheus.url);
        if (empty.length > 0) log(`${empty.length} queries without data yet`);
        return empty.length === 0;
      },
      { what: 'every dashboard query to return data', timeoutMs: 6 * 60_000, intervalMs: 10_000 },
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}; still empty:\n${empty.map((q) => `${q.panel}: ${q.expr}`).join('\n')}`,
      );
    });
    expect(panelQueries().length).toBeGreaterThan(20);
    const exported = await prometheus.metadata();
    const missing = Object.values(METRICS).filter((name) => !BUILTIN.has(name) && !exported.has(name));
    expect(missing).toEqual([]);
  });

  it('stopping lake-sink fires LakestreamNoLakeCommit (local windows); starting it again resolves it', async () => {
    const noCommit = async () =>
      (await prometheus.alerts()).find((a) => a.labels.alertname === 'LakestreamNoLakeCommit');
    await waitFor(async () => (await noCommit()) === undefined, {
      what: 'LakestreamNoLakeCommit to be inactive while lake-sink commits',
      timeoutMs: 3 * 60_000,
      intervalMs: 2_000,
    });
    const stopped = Date.now();
    await world.pipeline.supervisor.pause('lake-sink');
    log('lake-sink stopped');
    const fired = await waitFor(async () => ((await noCommit())?.state === 'firing' ? noCommit() : false), {
      what: 'LakestreamNoLakeCommit to fire',
      timeoutMs: 4 * 60_000,
      intervalMs: 2_000,
    });
    log(`fired ${((Date.now() - stopped) / 1000).toFixed(0)} s after lake-sink stopped`);
    expect(fired?.labels).toMatchObject({ severity: 'critical', service: 'lake-sink' });

    const started = Date.now();
    world.pipeline.supervisor.resume('lake-sink');
    log('lake-sink started again');
    await waitFor(async () => (await noCommit()) === undefined, {
      what: 'LakestreamNoLakeCommit to resolve',
      // lake-sink first reloads its indexes and works off what piled up while it was away.
      timeoutMs: 6 * 60_000,
      intervalMs: 2_000,
    });
    log(`resolved ${((Date.now() - started) / 1000).toFixed(0)} s after lake-sink started`);
  });
});
