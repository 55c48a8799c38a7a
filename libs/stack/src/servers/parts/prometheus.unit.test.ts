import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStackConfig } from '../../config';
import { localRulesFile, prometheusYaml } from './prometheus';

jest.setTimeout(60_000);

describe("the local stack's Prometheus config", () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakestream-prometheus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scrapes every service instance, labelled with its service, and loads the local alert rules', () => {
    const rules = join(dir, 'rules.yml');
    copyFileSync(localRulesFile, rules);
    const yaml = prometheusYaml(loadStackConfig({}), [rules]);
    expect(yaml).toContain(`rule_files:\n  - '${rules}'`);
    for (const service of ['cdc-ingest', 'lake-sink', 'projector', 'inventory-api'])
      expect(yaml).toContain(`labels: { service: ${service} }`);
    writeFileSync(join(dir, 'prometheus.yml'), yaml);
    // promtool checks the config and the rule files it names.
    const out = execFileSync('promtool', ['check', 'config', join(dir, 'prometheus.yml')], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });
});
