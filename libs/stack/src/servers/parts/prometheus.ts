import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from '../../config';
import { pipelineServices, SERVICES, type ServiceInstance } from '../../pipeline/services';
import { repoRoot } from '../context';
import { requireBinary } from '../install';
import type { PartContext, StackPart } from '../part';

/**
 * The alert rules with local windows, generated from deploy/src (the same rules as production's,
 * with windows of seconds): the stack's Prometheus loads them, and so does a test's own.
 */
export const localRulesFile = join(repoRoot, 'deploy', 'prometheus', 'rules.local.yml');

export interface PrometheusConfigOptions {
  /** Where this Prometheus listens (it scrapes itself). */
  self: string;
  /** Service instances to scrape, each labelled with its service (as a ServiceMonitor labels them). */
  instances: readonly ServiceInstance[];
  host: string;
  ruleFiles?: readonly string[];
  /** Scrape and rule evaluation interval, seconds (the local rules' windows assume 5). */
  intervalSeconds?: number;
}

/** A Prometheus config: itself, every service instance by job and `service` label, the rule files. */
export function prometheusConfigYaml(options: PrometheusConfigOptions): string {
  const interval = `${options.intervalSeconds ?? 5}s`;
  return [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    ...(options.ruleFiles?.length
      ? ['rule_files:', ...options.ruleFiles.map((file) => `  - '${file}'`)]
      : []),
    'scrape_configs:',
    '  - job_name: prometheus',
    '    static_configs:',
    `      - targets: ['${options.self}']`,
    ...SERVICES.flatMap((service) => [
      `  - job_name: ${service}`,
      '    static_configs:',
      `      - targets: [${options.instances
        .filter((s) => s.service === service)
        .map((s) => `'${options.host}:${s.httpPort}'`)
        .join(', ')}]`,
      `        labels: { service: ${service} }`,
    ]),
    '',
  ].join('\n');
}

/**
 * Scrape targets of the local stack: Prometheus itself and every service instance `lakestream up`
 * runs (first and second instances, by the pipeline's port plan), each labelled with its service,
 * and the local alert rules copied beside the config.
 */
export function prometheusYaml(config: StackConfig, ruleFiles: readonly string[] = []): string {
  return prometheusConfigYaml({
    self: `${config.host}:${config.ports.prometheus}`,
    host: config.host,
    instances: pipelineServices(config, {
      instances: { 'cdc-ingest': 2, 'lake-sink': 2, projector: 2, 'inventory-api': 2 },
    }),
    ruleFiles,
  });
}

const configPath = (ctx: PartContext) => join(ctx.stateDir, 'prometheus.yml');
const rulesPath = (ctx: PartContext) => join(ctx.stateDir, 'rules.yml');

export const prometheusPart: StackPart = {
  name: 'prometheus',
  version: '2.42 (Debian)',
  cacheKey: 'prometheus-debian',
  dependsOn: [],
  readyTimeoutMs: 30_000,
  ports: (config) => [config.ports.prometheus],
  address: (config) => `http://${config.host}:${config.ports.prometheus}`,

  async install() {
    await requireBinary('prometheus', 'prometheus');
  },

  async prepare(ctx) {
    mkdirSync(join(ctx.stateDir, 'data'), { recursive: true });
    copyFileSync(localRulesFile, rulesPath(ctx));
    writeFileSync(configPath(ctx), prometheusYaml(ctx.config, [rulesPath(ctx)]));
  },

  process: (ctx) => ({
    command: 'prometheus',
    args: [
      `--config.file=${configPath(ctx)}`,
      `--storage.tsdb.path=${join(ctx.stateDir, 'data')}`,
      '--storage.tsdb.retention.time=2d',
      // Debian's build takes no lock by default: a second instance would share the folder.
      '--storage.tsdb.use-lockfile',
      `--web.listen-address=${prometheusPart.address(ctx.config).replace('http://', '')}`,
      '--web.enable-lifecycle',
      '--log.format=json',
    ],
  }),

  async probe(ctx) {
    const response = await fetch(`${prometheusPart.address(ctx.config)}/-/ready`);
    return response.ok;
  },
};
