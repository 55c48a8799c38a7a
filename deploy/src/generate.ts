import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DASHBOARDS, grafanaDashboard } from './dashboards';
import { envFile, localScalingPatch, serviceFile } from './k8s';
import { LOCAL, PRODUCTION } from './profiles';
import { prometheusRule, rulesFile, rulesTestFile } from './render-rules';
import { DEPLOYED, SHARED_CONFIG } from './services';

/** deploy/, from src/ (tests) and dist/ (built) alike. */
export const deployRoot = resolve(__dirname, '..');

/** Every generated file, by its path under deploy/. */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set('prometheus/rules.yml', rulesFile(PRODUCTION));
  files.set('prometheus/rules.test.yml', rulesTestFile(PRODUCTION, 'rules.yml'));
  files.set('prometheus/rules.local.yml', rulesFile(LOCAL));
  files.set('prometheus/rules.local.test.yml', rulesTestFile(LOCAL, 'rules.local.yml'));
  files.set('k8s/base/prometheusrule.yaml', prometheusRule(PRODUCTION));
  files.set('k8s/overlays/local/prometheusrule.yaml', prometheusRule(LOCAL));
  files.set('k8s/overlays/local/scaling.yaml', localScalingPatch());
  for (const dashboard of DASHBOARDS)
    files.set(
      `grafana/dashboards/${dashboard.uid}.json`,
      `${JSON.stringify(grafanaDashboard(dashboard), null, 2)}\n`,
    );
  files.set('k8s/base/config/shared.env', envFile(SHARED_CONFIG));
  for (const service of DEPLOYED) {
    files.set(`k8s/base/${service.name}.yaml`, serviceFile(service));
    files.set(`k8s/base/config/${service.name}.env`, envFile(service.config));
  }
  return files;
}

if (require.main === module) {
  for (const [path, text] of generatedFiles()) {
    const file = join(deployRoot, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    process.stdout.write(`wrote deploy/${path}\n`);
  }
}
