import {
  API_STREAM_ROUTE,
  DEAD_LETTERS,
  LAG,
  METRICS as M,
  SERVICE,
  SERVICE_LABEL,
  THROTTLED,
} from './metrics';
import { duration as d, type Profile } from './profiles';
import { DEPLOYED } from './services';

/** Input series of a promtool test: `name{labels}` and values in promtool's expanding notation. */
export interface InputSeries {
  series: string;
  values: string;
}

/** One promtool test group: series, then the alerts expected (labels, without alertname) at times. */
export interface RuleTest {
  name: string;
  series: InputSeries[];
  /** Seconds from the start; an empty list means the alert must not be firing then. */
  expect: { at: number; alerts: Record<string, string>[] }[];
}

export interface AlertRule {
  alert: string;
  expr: string;
  for: number;
  severity: 'warning' | 'critical';
  labels?: Record<string, string>;
  /** May use `{{ $labels.<name> }}` (no `$value`: the tests spell annotations out). */
  summary: string;
  description: string;
  /** At least one test where it fires and one where it does not. */
  tests: RuleTest[];
}

const series = (name: string, labels: Record<string, string>, values: string): InputSeries => ({
  series: `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`,
  values,
});
/** `n + 1` samples from `start`, each `by` more (promtool's `a+bxn`). */
const ramp = (start: number, by: number, n: number) => `${start}+${by}x${n}`;
const flat = (value: number, n: number) => `${value}x${n}`;
const target = (service: string) => ({
  [SERVICE_LABEL]: service,
  job: service,
  instance: `${service}-0:9464`,
});

/** The consumer group of a service, as its lag series name it. */
const groupOf = (service: string) => {
  const group = DEPLOYED.find((deployed) => deployed.name === service)?.consumer?.group;
  if (!group) throw new Error(`${service} consumes no group`);
  return group;
};
/** The labels of one partition's lag series of a service's group. */
const lagOf = (service: string, partition = '0') => ({
  ...target(service),
  group: groupOf(service),
  topic: 't',
  partition,
});

export function alertRules(p: Profile): AlertRule[] {
  const s = p.step;
  const steps = (seconds: number) => Math.ceil(seconds / s);
  const w = d(p.rateWindow);
  const byGroup = `sum by (${LAG.group}) (${LAG.series})`;
  const rules: AlertRule[] = [];

  {
    const { window, for: f, min } = p.lagGrowing;
    const n = steps(window + f) + 10;
    rules.push({
      alert: 'LakestreamConsumerLagGrowing',
      expr: `${byGroup} > ${min}\nand\nderiv(${byGroup}[${d(window)}:${d(s)}]) > 0`,
      for: f,
      severity: 'warning',
      summary: 'Consumer lag of {{ $labels.group }} keeps growing',
      description: `The group has been more than ${min} records behind and falling further behind for ${d(f)}: it consumes slower than its input grows. Check its throughput, errors and restarts; scale it out (KEDA caps replicas at the partition count).`,
      tests: [
        {
          name: 'growing above the minimum fires; flat, or growing but small, does not',
          series: [
            series(M.consumerLag, lagOf(SERVICE.lake), ramp(min, min / 10, n)),
            series(M.consumerLag, lagOf(SERVICE.projector), flat(min * 5, n)),
            series(M.consumerLag, lagOf(SERVICE.ingest), ramp(0, 1, n)),
          ],
          expect: [
            { at: Math.floor(f / 2), alerts: [] },
            { at: window + f + 2 * s, alerts: [{ group: groupOf(SERVICE.lake), severity: 'warning' }] },
          ],
        },
      ],
    });
  }

  {
    const { bound, for: f } = p.lagHigh;
    const n = steps(f) + 10;
    const brief = Math.max(1, steps(f) - 2);
    rules.push({
      alert: 'LakestreamConsumerLagHigh',
      expr: `${byGroup} > ${bound}`,
      for: f,
      severity: 'critical',
      summary: 'Consumer lag of {{ $labels.group }} above its bound',
      description: `The group has been more than ${bound} records behind for ${d(f)}: its outputs (lake tables, DynamoDB items) are stale. Check that it is running and committing, then scale it out.`,
      tests: [
        {
          name: 'above the bound for the whole period fires; briefly above, or below, does not',
          series: [
            series(M.consumerLag, lagOf(SERVICE.lake), flat(bound * 2, n)),
            series(M.consumerLag, lagOf(SERVICE.ingest), `${flat(bound * 2, brief)} ${flat(0, n)}`),
            series(M.consumerLag, lagOf(SERVICE.projector, '1'), flat(bound / 2, n)),
          ],
          expect: [
            { at: Math.floor(f / 2), alerts: [] },
            { at: f + 2 * s, alerts: [{ group: groupOf(SERVICE.lake), severity: 'critical' }] },
          ],
        },
      ],
    });
  }

  {
    const { perMinute, for: f } = p.deadLetters;
    const n = steps(p.rateWindow + f) + 10;
    const perStep = (perMin: number) => (perMin / 60) * s;
    rules.push({
      alert: 'LakestreamDeadLetters',
      expr: `${DEAD_LETTERS.rateBy(`${SERVICE_LABEL}, code`, w)} * 60 > ${perMinute}`,
      for: f,
      severity: 'warning',
      summary: '{{ $labels.service }} dead-letters {{ $labels.code }} records',
      description: `More than ${perMinute} records a minute have gone to the dead-letter topic with this code for ${d(f)}. Each is kept byte for byte: fix the cause, then replay them (lakestream replay).`,
      tests: [
        {
          name: 'a steady flow of one code fires; a trickle, or none, does not',
          series: [
            series(
              M.deadLetters,
              { ...target(SERVICE.ingest), table: 'orders', stage: 'decode', code: 'DECODE_NOT_JSON' },
              ramp(0, perStep(perMinute * 3), n),
            ),
            series(
              M.deadLetters,
              { ...target(SERVICE.lake), table: 'orders', stage: 'lake', code: 'LAKE_UNDECODABLE' },
              ramp(0, perStep(perMinute / 4), n),
            ),
            series(
              M.deadLetters,
              { ...target(SERVICE.projector), table: 'inventory', stage: 'project', code: 'NO_TENANT' },
              flat(3, n),
            ),
          ],
          expect: [
            {
              at: p.rateWindow + f + 2 * s,
              alerts: [{ service: SERVICE.ingest, code: 'DECODE_NOT_JSON', severity: 'warning' }],
            },
          ],
        },
      ],
    });
  }

  {
    const { window, for: f } = p.noLakeCommit;
    const commits = `${M.lakeCommitSeconds}_count`;
    const stop = 20;
    const pause = steps(window + f) + 10;
    const n = stop + pause + 30;
    rules.push({
      alert: 'LakestreamNoLakeCommit',
      expr: [
        `(\n  sum(increase(${M.ingestChangesOut}[${d(window)}])) > 0\n  or\n  sum(${LAG.of(SERVICE.lake)}) > 0\n)`,
        `unless on()\nsum(increase(${commits}[${d(window)}])) > 0`,
      ].join('\n'),
      for: f,
      severity: 'critical',
      labels: { [SERVICE_LABEL]: SERVICE.lake },
      summary: 'No lake commit for a while, with changes waiting',
      description: `Changes are flowing (cdc-ingest produces, or lake-sink is behind) but no Iceberg table has committed in ${d(window + f)}: the lake is going stale. Check that lake-sink is up, its commit errors and the warehouse (S3) latency.`,
      tests: [
        {
          name: 'commits stop while changes flow: fires, then resolves when commits resume',
          series: [
            series(
              M.ingestChangesOut,
              { ...target(SERVICE.ingest), table: 'orders', op: 'c' },
              ramp(0, 10, n),
            ),
            series(
              commits,
              { ...target(SERVICE.lake), table: 'orders' },
              `${ramp(0, 1, stop)} ${flat(stop, pause - 1)} ${ramp(stop + 1, 1, n - stop - pause)}`,
            ),
          ],
          expect: [
            { at: (stop - 1) * s, alerts: [] },
            {
              at: (stop + steps(window + f) + 3) * s,
              alerts: [{ service: SERVICE.lake, severity: 'critical' }],
            },
            { at: (stop + pause + 3) * s, alerts: [] },
          ],
        },
        {
          name: 'an idle pipeline (nothing produced, nothing behind) commits nothing and does not fire',
          series: [
            series(M.ingestChangesOut, { ...target(SERVICE.ingest), table: 'orders', op: 'c' }, flat(100, n)),
            series(commits, { ...target(SERVICE.lake), table: 'orders' }, flat(5, n)),
            series(M.consumerLag, lagOf(SERVICE.lake), flat(0, n)),
          ],
          expect: [{ at: (n - 5) * s, alerts: [] }],
        },
      ],
    });
  }

  {
    const { window, max, for: f } = p.conflicts;
    const n = steps(window + f) + 10;
    const perStep = (total: number) => total / steps(window);
    rules.push({
      alert: 'LakestreamLakeCommitConflicts',
      expr: `sum by (table) (increase(${M.lakeConflicts}[${d(window)}])) > ${max}`,
      for: f,
      severity: 'warning',
      summary: 'Lake commits to {{ $labels.table }} keep losing the race',
      description: `More than ${max} commits to this table in ${d(window)} found a newer metadata version and were rebased, for ${d(f)}. Several writers are fighting over the table (more lake-sink replicas than partitions need, or another engine writing).`,
      tests: [
        {
          name: 'many conflicts on one table fire; a few on another do not',
          series: [
            series(
              M.lakeConflicts,
              { ...target(SERVICE.lake), table: 'orders' },
              ramp(0, perStep(max * 3), n),
            ),
            series(
              M.lakeConflicts,
              { ...target(SERVICE.lake), table: 'customers' },
              ramp(0, perStep(max / 3), n),
            ),
          ],
          expect: [{ at: window + f + 2 * s, alerts: [{ table: 'orders', severity: 'warning' }] }],
        },
      ],
    });
  }

  {
    const { perSecond, for: f } = p.throttled;
    const n = steps(p.rateWindow + f) + 10;
    const throttled = (rate: number) =>
      series(
        THROTTLED.metric,
        { ...target(SERVICE.projector), kind: 'stock', outcome: 'throttled_retry' },
        ramp(0, rate * s, n),
      );
    const applied = series(
      THROTTLED.metric,
      { ...target(SERVICE.projector), kind: 'stock', outcome: 'applied' },
      ramp(0, 100 * s, n),
    );
    rules.push({
      alert: 'LakestreamDynamoDBThrottled',
      expr: `sum by (${SERVICE_LABEL}) (rate(${THROTTLED.metric}{${THROTTLED.selector}}[${w}])) > ${perSecond}`,
      for: f,
      severity: 'warning',
      summary: 'DynamoDB throttles the writes of {{ $labels.service }}',
      description: `More than ${perSecond} writes a second have been throttled and retried for ${d(f)}: the inventory view falls behind. Raise the table's capacity (or its on-demand limits) or look for a hot partition key.`,
      tests: [
        {
          name: 'sustained throttling fires',
          series: [throttled(perSecond * 3), applied],
          expect: [
            {
              at: p.rateWindow + f + 2 * s,
              alerts: [{ service: SERVICE.projector, severity: 'warning' }],
            },
          ],
        },
        {
          name: 'occasional throttling does not',
          series: [throttled(perSecond / 4), applied],
          expect: [{ at: p.rateWindow + f + 2 * s, alerts: [] }],
        },
      ],
    });
  }

  {
    const { ratio, for: f } = p.api5xx;
    const n = steps(p.rateWindow + f) + 10;
    const count = `${M.apiRequestSeconds}_count`;
    const requests = (status: string, perSecond: number) =>
      series(
        count,
        { ...target(SERVICE.api), method: 'GET', route: '/v1/inventory/:sku', status_code: status },
        ramp(0, perSecond * s, n),
      );
    rules.push({
      alert: 'LakestreamApi5xx',
      expr: `sum by (${SERVICE_LABEL}) (rate(${count}{status_code=~"5.."}[${w}]))\n/\nsum by (${SERVICE_LABEL}) (rate(${count}[${w}]))\n> ${ratio}`,
      for: f,
      severity: 'critical',
      summary: '{{ $labels.service }} answers with 5xx',
      description: `More than ${ratio * 100} % of the API's answers have been 5xx for ${d(f)}: 503 while DynamoDB is unreachable or the event feed is down, 500 for a fault of ours. Check the API's log and DynamoDB.`,
      tests: [
        {
          name: 'a 5xx share above the ratio fires',
          series: [requests('200', 100), requests('503', 100 * ratio * 4)],
          expect: [
            { at: p.rateWindow + f + 2 * s, alerts: [{ service: SERVICE.api, severity: 'critical' }] },
          ],
        },
        {
          name: 'a 5xx share below it, and any number of 4xx, does not',
          series: [requests('200', 100), requests('500', (100 * ratio) / 4), requests('404', 50)],
          expect: [{ at: p.rateWindow + f + 2 * s, alerts: [] }],
        },
      ],
    });
  }

  {
    const { p99Seconds, for: f } = p.apiLatency;
    const n = steps(p.rateWindow + f) + 10;
    const bucket = `${M.apiRequestSeconds}_bucket`;
    const route = (path: string, le: string, perSecond: number) =>
      series(
        bucket,
        { ...target(SERVICE.api), method: 'GET', route: path, status_code: '200', le },
        ramp(0, perSecond * s, n),
      );
    /** 100 requests a second, all faster than `fastest` (0.01 s, or 5 s when slow). */
    const histogram = (path: string, slow: boolean) => [
      route(path, '0.01', slow ? 0 : 100),
      route(path, '5', 100),
      route(path, '+Inf', 100),
    ];
    rules.push({
      alert: 'LakestreamApiSlow',
      expr: `histogram_quantile(0.99, sum by (${SERVICE_LABEL}, le) (rate(${bucket}{route!="${API_STREAM_ROUTE}"}[${w}])))\n> ${p99Seconds}`,
      for: f,
      severity: 'warning',
      summary: '{{ $labels.service }} is slow',
      description: `The API's 99th percentile latency (event streams left out) has been above ${p99Seconds} s for ${d(f)}. Check DynamoDB latency and the API's CPU.`,
      tests: [
        {
          name: 'slow reads fire',
          series: histogram('/v1/products/:sku', true),
          expect: [{ at: p.rateWindow + f + 2 * s, alerts: [{ service: SERVICE.api, severity: 'warning' }] }],
        },
        {
          name: 'fast reads do not, however long the event streams stay open',
          series: [...histogram('/v1/products/:sku', false), ...histogram(API_STREAM_ROUTE, true)],
          expect: [{ at: p.rateWindow + f + 2 * s, alerts: [] }],
        },
      ],
    });
  }

  {
    const f = p.down.for;
    const n = steps(f) + 20;
    const services = p.services.join('|');
    const second = (service: string) => ({ ...target(service), instance: `${service}-1:9464` });
    rules.push({
      alert: 'LakestreamServiceDown',
      // Per service, not per instance: the local stack scrapes second instances that `lakestream up`
      // starts only on demand, and Kubernetes restarts a single failed pod by itself.
      expr: `sum by (${SERVICE_LABEL}) (${M.up}{${SERVICE_LABEL}=~"${services}"}) == 0`,
      for: f,
      severity: 'critical',
      summary: 'No instance of {{ $labels.service }} answers scrapes',
      description: `Prometheus has scraped no instance of this service for ${d(f)}: it is down, hung or unreachable. A consumer group without members stops consuming; the API serves nothing.`,
      tests: [
        {
          name: 'a service whose only instance stops answering fires; one with an instance left does not',
          series: [
            series(M.up, target(SERVICE.lake), `${flat(1, 4)} ${flat(0, n)}`),
            series(M.up, target(SERVICE.projector), `${flat(1, 4)} ${flat(0, n)}`),
            series(M.up, second(SERVICE.projector), flat(1, n + 5)),
          ],
          expect: [
            { at: 3 * s, alerts: [] },
            { at: (5 + steps(f) + 2) * s, alerts: [{ [SERVICE_LABEL]: SERVICE.lake, severity: 'critical' }] },
          ],
        },
      ],
    });
  }

  {
    const f = p.down.absentFor;
    const n = steps(f) + 10;
    const [missing, ...present] = p.services;
    // One alert name for every service's rule: the tests below exercise them all at once.
    const tests: RuleTest[] = [
      {
        name: 'a service with no target fires; services with targets do not',
        series: present.map((other) => series(M.up, target(other), flat(1, n))),
        expect: [{ at: f + 2 * s, alerts: [{ [SERVICE_LABEL]: missing ?? '', severity: 'critical' }] }],
      },
      {
        name: 'services with targets, even ones that are down, do not fire',
        series: p.services.map((service) => series(M.up, target(service), flat(0, n))),
        expect: [{ at: f + 2 * s, alerts: [] }],
      },
    ];
    p.services.forEach((service, i) => {
      rules.push({
        alert: 'LakestreamServiceAbsent',
        expr: `absent(${M.up}{${SERVICE_LABEL}="${service}"})`,
        for: f,
        severity: 'critical',
        labels: { [SERVICE_LABEL]: service },
        summary: '{{ $labels.service }} has no scrape target',
        description: `No instance of this service has been discovered for ${d(f)}: it is not deployed, scaled to zero, or its ServiceMonitor no longer matches.`,
        tests: i === 0 ? tests : [],
      });
    });
  }
  return rules;
}
