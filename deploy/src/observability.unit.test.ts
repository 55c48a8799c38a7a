import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { DASHBOARDS, queryOf, RATE } from './dashboards';
import { deployRoot, generatedFiles } from './generate';
import { BUILTIN, METRICS } from './metrics';
import { LOCAL, PRODUCTION } from './profiles';
import { alertRules } from './rules';
import { run } from './tools/cache';

// promtool runs every rule test: seconds, more on a busy machine.
jest.setTimeout(2 * 60_000);

const repoRoot = resolve(deployRoot, '..');
const scratch = mkdtempSync(join(tmpdir(), 'lakestream-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Metric names declared in the services' and libraries' code (prom-client `name: '…'`). */
function declaredMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (entry === 'node_modules' || entry === 'dist') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.ts') && !entry.includes('.test.'))
        for (const m of readFileSync(path, 'utf8').matchAll(/name(?::| =) '([a-z0-9_]+)'/g))
          if (m[1]) names.add(m[1]);
    }
  };
  for (const top of ['services', 'libs'])
    for (const pkg of readdirSync(join(repoRoot, top))) {
      const src = join(repoRoot, top, pkg, 'src');
      if (
        statSync(join(repoRoot, top, pkg)).isDirectory() &&
        readdirSync(join(repoRoot, top, pkg)).includes('src')
      )
        walk(src);
    }
  return names;
}

const known = new Set<string>(Object.values(METRICS));
/** Metric names a PromQL text uses (histogram series by their base name). */
const metricsIn = (text: string) =>
  new Set(
    [...text.matchAll(/\b((?:lakestream|process)_[a-z0-9_]+|up(?=\{))/g)]
      .map((m) => (m[1] ?? '').replace(/_(bucket|count|sum)$/, ''))
      .filter((name) => name !== ''),
  );

describe('generated artefacts', () => {
  it('are up to date with deploy/src (run `npm run generate -w deploy` after editing it)', () => {
    const stale = [...generatedFiles()]
      .filter(([path, text]) => {
        try {
          return readFileSync(join(deployRoot, path), 'utf8') !== text;
        } catch {
          return true;
        }
      })
      .map(([path]) => path);
    expect(stale).toEqual([]);
  });
});

describe('the metric mapping', () => {
  it('names only metrics some service or library declares (or Prometheus and prom-client export)', () => {
    const declared = declaredMetrics();
    const undeclared = [...known].filter((name) => !BUILTIN.has(name) && !declared.has(name));
    expect(undeclared).toEqual([]);
  });

  it('is the only source of metric names in the dashboards and the rules', () => {
    const texts = [...generatedFiles()].filter(([path]) => /(dashboards|rules|prometheusrule)/.test(path));
    expect(texts.length).toBeGreaterThan(5);
    for (const [path, text] of texts) {
      const exprs = path.endsWith('.json')
        ? [...text.matchAll(/"expr": "((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string)
        : [text];
      for (const expr of exprs)
        for (const name of metricsIn(expr))
          expect({ path, name, known: known.has(name) }).toEqual({ path, name, known: true });
    }
  });
});

describe.each([PRODUCTION, LOCAL])('the $name alert rules', (profile) => {
  const rulesFile = profile.name === 'local' ? 'rules.local.yml' : 'rules.yml';
  const testFile = profile.name === 'local' ? 'rules.local.test.yml' : 'rules.test.yml';
  const dir = join(deployRoot, 'prometheus');

  it('pass promtool check rules', async () => {
    const out = await run('promtool', ['check', 'rules', rulesFile], { cwd: dir });
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('pass their promtool unit tests', async () => {
    const out = await run('promtool', ['test', 'rules', testFile], { cwd: dir });
    expect(out).toContain('SUCCESS');
  });

  it('each have series that fire them and series that do not', () => {
    const byAlert = new Map<string, { fires: boolean; quiet: boolean }>();
    for (const rule of alertRules(profile)) {
      const seen = byAlert.get(rule.alert) ?? { fires: false, quiet: false };
      for (const test of rule.tests)
        for (const check of test.expect) {
          if (check.alerts.length > 0) seen.fires = true;
          // Quiet: a check with no alert, or series in the same test that stay out of the alerts.
          if (check.alerts.length === 0 || test.series.length > check.alerts.length) seen.quiet = true;
        }
      byAlert.set(rule.alert, seen);
    }
    expect([...byAlert].filter(([, s]) => !s.fires || !s.quiet)).toEqual([]);
    expect([...byAlert.keys()].sort()).toEqual(
      [
        'LakestreamApi5xx',
        'LakestreamApiSlow',
        'LakestreamConsumerLagGrowing',
        'LakestreamConsumerLagHigh',
        'LakestreamDeadLetters',
        'LakestreamDynamoDBThrottled',
        'LakestreamLakeCommitConflicts',
        'LakestreamNoLakeCommit',
        'LakestreamServiceAbsent',
        'LakestreamServiceDown',
      ].sort(),
    );
  });
});

describe('the dashboards', () => {
  it('have panels with unique ids, a target each, and queries Prometheus parses', async () => {
    const rules: { record: string; expr: string }[] = [];
    for (const dashboard of DASHBOARDS) {
      expect(dashboard.panels.length).toBeGreaterThan(3);
      for (const panel of dashboard.panels) {
        expect(panel.targets.length).toBeGreaterThan(0);
        for (const target of panel.targets)
          rules.push({ record: `panel:query:${rules.length}`, expr: queryOf(target).replaceAll(RATE, '1m') });
      }
    }
    // promtool parses every query as a recording rule's expression.
    const file = join(scratch, 'panels.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'panels', rules }] }));
    const out = await run('promtool', ['check', 'rules', file]);
    expect(out).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('are valid Grafana dashboard JSON with the datasource as a variable', () => {
    for (const dashboard of DASHBOARDS) {
      const json = JSON.parse(
        readFileSync(join(deployRoot, 'grafana', 'dashboards', `${dashboard.uid}.json`), 'utf8'),
      );
      expect(json.uid).toBe(dashboard.uid);
      const ids = json.panels.map((p: { id: number }) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
      for (const panel of json.panels) expect(panel.datasource.uid).toBe('${datasource}');
    }
  });
});
