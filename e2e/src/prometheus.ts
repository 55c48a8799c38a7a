import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localRulesFile, prometheusConfigYaml, type ServiceInstance, waitFor } from '@lakestream/stack';
import { freePort } from './ports';

export interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
}

/**
 * A Prometheus of the test's own (the stack's, 2.42 from Debian) on a free port, configured as the
 * stack configures its own — the same generator, the same 5 s interval and the local alert rules —
 * but scraping the test's private pipeline.
 */
export async function privatePrometheus(instances: readonly ServiceInstance[], log: (line: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'lakestream-prometheus-'));
  const port = await freePort();
  const self = `127.0.0.1:${port}`;
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    prometheusConfigYaml({ self, host: '127.0.0.1', instances, ruleFiles: [localRulesFile] }),
  );
  mkdirSync(join(dir, 'data'));
  const out = openSync(join(dir, 'prometheus.log'), 'a');
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      '--storage.tsdb.use-lockfile',
      `--web.listen-address=${self}`,
      '--log.format=json',
    ],
    { stdio: ['ignore', out, out] },
  );
  const base = `http://${self}`;
  await waitFor(
    () =>
      fetch(`${base}/-/ready`)
        .then((r) => r.ok)
        .catch(() => false),
    { what: `Prometheus on ${self} to be ready`, timeoutMs: 60_000, intervalMs: 250 },
  );
  log(`prometheus ${self} (config and log in ${dir})`);

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${base}${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? response.status}`);
    return body.data;
  }

  return {
    url: base,
    /** An instant query's series. */
    query: (expr: string) =>
      api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
        `/api/v1/query?query=${encodeURIComponent(expr)}`,
      ).then((d) => d.result),
    /** Names of the metrics the scraped targets export (from their HELP / TYPE lines). */
    metadata: () => api<Record<string, unknown[]>>('/api/v1/metadata').then((d) => new Set(Object.keys(d))),
    alerts: () => api<{ alerts: Alert[] }>('/api/v1/alerts').then((d) => d.alerts),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PrivatePrometheus = Awaited<ReturnType<typeof privatePrometheus>>;
