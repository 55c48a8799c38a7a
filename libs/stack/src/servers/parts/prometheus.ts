import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from '../../config';
import { pipelineServices, SERVICES } from '../../pipeline/services';
import { requireBinary } from '../install';
import type { PartContext, StackPart } from '../part';

/**
 * Scrape targets of the local stack: Prometheus itself and every service instance `lakestream up`
 * runs (first and second instances, by the pipeline's port plan), each labelled with its service.
 */
export function prometheusYaml(config: StackConfig): string {
  const services = pipelineServices(config, {
    instances: { 'cdc-ingest': 2, 'lake-sink': 2, projector: 2, 'inventory-api': 2 },
  });
  return [
    'global:',
    '  scrape_interval: 5s',
    '  evaluation_interval: 5s',
    'scrape_configs:',
    '  - job_name: prometheus',
    '    static_configs:',
    `      - targets: ['${config.host}:${config.ports.prometheus}']`,
    ...SERVICES.flatMap((service) => [
      `  - job_name: ${service}`,
      '    static_configs:',
      `      - targets: [${services
        .filter((s) => s.service === service)
        .map((s) => `'${config.host}:${s.httpPort}'`)
        .join(', ')}]`,
      `        labels: { service: ${service} }`,
    ]),
    '',
  ].join('\n');
}

const configPath = (ctx: PartContext) => join(ctx.stateDir, 'prometheus.yml');

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
    writeFileSync(configPath(ctx), prometheusYaml(ctx.config));
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
