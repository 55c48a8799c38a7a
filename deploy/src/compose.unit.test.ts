import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { deployRoot } from './generate';
import { DEPLOYED } from './services';
import { run } from './tools/cache';
import { COMPOSE_GO, composeSchema } from './tools/compose';

jest.setTimeout(5 * 60_000);

const repoRoot = resolve(deployRoot, '..');
// biome-ignore lint/suspicious/noExplicitAny: the compose file is checked field by field below
type Compose = { services: Record<string, any> };
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML
type Json = any;
// Compose resolves YAML merge keys (`<<: *service`) before it validates.
const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;

describe('docker-compose.yml', () => {
  it(`validates against the Compose Specification schema (compose-go ${COMPOSE_GO.version})`, async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(await composeSchema());
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema refuses a misspelt field (the check has teeth)', async () => {
    const validate = new Ajv2020({ strict: false }).compile(await composeSchema());
    expect(validate({ services: { a: { image: 'x', restrat: 'always' } } })).toBe(false);
  });

  it('runs every service of the deployment from the repo, with its port, and the stack servers', () => {
    const names = Object.keys(compose.services);
    for (const server of [
      'kafka',
      'registry',
      'mariadb',
      'connect',
      's3',
      'dynamodb',
      'prometheus',
      'grafana',
    ])
      expect(names).toContain(server);
    for (const service of DEPLOYED) {
      const spec = compose.services[service.name];
      expect(spec.command).toEqual(['node', service.script]);
      expect(
        existsSync(join(repoRoot, service.script.replace('/dist/', '/src/').replace(/\.js$/, '.ts'))),
      ).toBe(true);
      expect(spec.build.dockerfile).toBe('deploy/docker/Dockerfile');
      expect(Number(spec.environment.HTTP_PORT ?? 9464)).toBe(service.httpPort);
      // Compose's grace period covers the services' shutdown deadline, as the pods' does.
      expect(Number.parseInt(spec.stop_grace_period, 10)).toBeGreaterThan(service.shutdownDeadlineMs / 1000);
    }
  });

  it('depends only on services it has, and mounts only files the repository holds', () => {
    for (const [name, spec] of Object.entries(compose.services)) {
      const deps = Array.isArray(spec.depends_on) ? spec.depends_on : Object.keys(spec.depends_on ?? {});
      for (const dep of deps)
        expect({ name, dep, exists: dep in compose.services }).toEqual({ name, dep, exists: true });
      for (const volume of (spec.volumes ?? []) as string[]) {
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('./'))
          expect({ name, source, exists: existsSync(join(repoRoot, source)) }).toMatchObject({
            exists: true,
          });
      }
      if (spec.build) expect(existsSync(join(repoRoot, spec.build.dockerfile))).toBe(true);
    }
  });

  it("Prometheus' config passes promtool with the rules it loads, and scrapes every service", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lakestream-compose-'));
    try {
      copyFileSync(join(deployRoot, 'prometheus', 'rules.local.yml'), join(dir, 'rules.local.yml'));
      const config = readFileSync(join(deployRoot, 'compose', 'prometheus.yml'), 'utf8');
      writeFileSync(
        join(dir, 'prometheus.yml'),
        config.replace('/etc/prometheus/rules.local.yml', join(dir, 'rules.local.yml')),
      );
      expect(await run('promtool', ['check', 'config', join(dir, 'prometheus.yml')])).toMatch(
        /SUCCESS: \d+ rules found/,
      );
      const jobs = (parse(config) as { scrape_configs: { job_name: string; static_configs: Json[] }[] })
        .scrape_configs;
      for (const service of DEPLOYED)
        expect(jobs.find((j) => j.job_name === service.name)?.static_configs[0]).toEqual({
          targets: [`${service.name}:${service.httpPort}`],
          labels: { service: service.name },
        });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
