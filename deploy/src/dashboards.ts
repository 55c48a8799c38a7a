import {
  API_STREAM_ROUTE,
  DEAD_LETTERS,
  LAG,
  METRICS as M,
  SERVICE,
  SERVICE_LABEL,
  THROTTLED,
} from './metrics';

/** Grafana's own interval variable; the panel test puts a fixed window in its place. */
export const RATE = '$__rate_interval';

export interface Target {
  expr: string;
  legend: string;
  /**
   * Counts of rare events (conflicts, throttles, 5xx): none is the healthy state, so the query
   * shows 0 instead of "No data" (`or on() vector(0)`). The panel test then also checks that the
   * metric itself is exported.
   */
  zeroWhenNone?: boolean;
}

export interface Panel {
  title: string;
  description: string;
  unit: string;
  targets: Target[];
}

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  panels: Panel[];
}

const SERVICES = Object.values(SERVICE).join('|');
const p = (q: number, by: string, histogram: string, selector = '') =>
  `histogram_quantile(${q}, sum by (${by}, le) (rate(${histogram}_bucket${selector}[${RATE}])))`;
const rate = (by: string, counter: string, selector = '') =>
  `sum by (${by}) (rate(${counter}${selector}[${RATE}]))`;
const total = (counter: string, selector = '') => `sum(rate(${counter}${selector}[${RATE}]))`;
const lagByPartition = `max by (${LAG.group}, topic, partition) (${LAG.series})`;

export const DASHBOARDS: Dashboard[] = [
  {
    uid: 'lakestream-pipeline',
    title: 'Lakestream · pipeline',
    description: 'Lag, throughput, freshness and dead letters of the whole pipeline',
    panels: [
      {
        title: 'Consumer lag per group and partition',
        description:
          "Records between each group's position and the partition end (KEDA scales on the same lag).",
        unit: 'short',
        targets: [{ expr: lagByPartition, legend: `{{${LAG.group}}} {{topic}}[{{partition}}]` }],
      },
      {
        title: 'Consumer lag per group',
        description: 'Summed over partitions.',
        unit: 'short',
        targets: [{ expr: `sum by (${LAG.group}) (${lagByPartition})`, legend: `{{${LAG.group}}}` }],
      },
      {
        title: 'Throughput per stage',
        description: 'Records per second in and out of each stage.',
        unit: 'rps',
        targets: [
          { expr: rate(LAG.group, M.recordsConsumed), legend: '{{group}} consumed' },
          { expr: total(M.ingestChangesOut), legend: 'cdc-ingest out (ChangeEvents)' },
          { expr: total(M.lakeRows), legend: 'lake-sink rows written' },
          { expr: rate('outcome', M.projectorWrites), legend: 'projector writes {{outcome}}' },
          { expr: total(`${M.apiRequestSeconds}_count`), legend: 'inventory-api requests' },
        ],
      },
      {
        title: 'End-to-end latency per stage',
        description:
          "Source commit to the stage's output existing (ChangeEvent, lake snapshot, DynamoDB item).",
        unit: 's',
        targets: [
          { expr: p(0.5, 'stage', M.endToEndSeconds), legend: 'p50 {{stage}}' },
          { expr: p(0.99, 'stage', M.endToEndSeconds), legend: 'p99 {{stage}}' },
        ],
      },
      {
        title: 'Dead letters by code',
        description:
          'Records sent to the DLQ per second, by service and code; each can be replayed once its cause is fixed.',
        unit: 'rps',
        targets: [
          { expr: DEAD_LETTERS.rateBy(`${SERVICE_LABEL}, code`, RATE), legend: '{{service}} {{code}}' },
        ],
      },
      {
        title: 'Dead letters stored as claim checks',
        description:
          'Dead letters larger than the DLQ accepts: the original is stored aside (warehouse dlq/).',
        unit: 'rps',
        targets: [{ expr: rate('stage', M.claimChecks), legend: '{{stage}}', zeroWhenNone: true }],
      },
      {
        title: 'cdc-ingest transaction commit latency',
        description: 'One batch produced and committed with its input offsets in a Kafka transaction.',
        unit: 's',
        targets: [
          { expr: p(0.5, SERVICE_LABEL, M.transactionSeconds), legend: 'p50' },
          { expr: p(0.99, SERVICE_LABEL, M.transactionSeconds), legend: 'p99' },
        ],
      },
      {
        title: 'Service instances up',
        description: '1 when Prometheus scraped the instance.',
        unit: 'short',
        targets: [{ expr: `${M.up}{${SERVICE_LABEL}=~"${SERVICES}"}`, legend: '{{service}} {{instance}}' }],
      },
      {
        title: 'Resident memory per instance',
        description: 'What the Kubernetes memory requests and limits were measured from.',
        unit: 'bytes',
        targets: [
          {
            expr: `${M.residentMemory}{${SERVICE_LABEL}=~"${SERVICES}"}`,
            legend: '{{service}} {{instance}}',
          },
        ],
      },
    ],
  },
  {
    uid: 'lakestream-lake',
    title: 'Lakestream · lake commits',
    description: 'Iceberg commits of lake-sink and its warehouse (S3) calls',
    panels: [
      {
        title: 'Commits per table',
        description: 'Table commits per second.',
        unit: 'ops',
        targets: [{ expr: rate('table', `${M.lakeCommitSeconds}_count`), legend: '{{table}}' }],
      },
      {
        title: 'Commit latency',
        description: 'Flush of one table: data and delete files, manifests, the new metadata file.',
        unit: 's',
        targets: [
          { expr: p(0.5, 'table', M.lakeCommitSeconds), legend: 'p50 {{table}}' },
          { expr: p(0.99, 'table', M.lakeCommitSeconds), legend: 'p99 {{table}}' },
        ],
      },
      {
        title: 'Files per commit',
        description: 'Data and delete files added by one commit, on average.',
        unit: 'short',
        targets: [
          {
            expr: `${rate('table', `${M.lakeFilesPerCommit}_sum`)} / ${rate('table', `${M.lakeFilesPerCommit}_count`)}`,
            legend: '{{table}}',
          },
        ],
      },
      {
        title: 'Rows written per table',
        description: 'Rows into data files per second.',
        unit: 'rps',
        targets: [{ expr: rate('table', M.lakeRows), legend: '{{table}}' }],
      },
      {
        title: 'Commit conflicts',
        description: 'Commits that lost the race for the next metadata version and were rebased.',
        unit: 'short',
        targets: [
          {
            expr: `sum by (table) (increase(${M.lakeConflicts}[${RATE}]))`,
            legend: '{{table}}',
            zeroWhenNone: true,
          },
        ],
      },
      {
        title: 'Commit failures',
        description: 'Retried (transient), isolated (poison records found) or fatal.',
        unit: 'short',
        targets: [
          {
            expr: `sum by (outcome) (increase(${M.lakeCommitFailures}[${RATE}]))`,
            legend: '{{outcome}}',
            zeroWhenNone: true,
          },
        ],
      },
      {
        title: 'Rows buffered, not yet committed',
        description: 'Changes lake-sink accepted and holds for the next commit.',
        unit: 'short',
        targets: [{ expr: `sum by (instance) (${M.lakeBuffered})`, legend: '{{instance}}' }],
      },
      {
        title: 'S3 call latency',
        description: 'Warehouse requests by call.',
        unit: 's',
        targets: [{ expr: p(0.99, 'call', M.s3Seconds), legend: 'p99 {{call}}' }],
      },
      {
        title: 'S3 call errors',
        description: 'Failed warehouse requests per second (a lost conditional put is one).',
        unit: 'rps',
        targets: [
          {
            expr: rate('call', `${M.s3Seconds}_count`, '{outcome="error"}'),
            legend: '{{call}}',
            zeroWhenNone: true,
          },
        ],
      },
    ],
  },
  {
    uid: 'lakestream-inventory',
    title: 'Lakestream · inventory view and API',
    description: 'DynamoDB projection and the fulfilment API',
    panels: [
      {
        title: 'DynamoDB call latency',
        description: "The projector's conditional PutItem and the API's reads.",
        unit: 's',
        targets: [
          { expr: p(0.99, 'outcome', M.projectorDynamoSeconds), legend: 'p99 projector PutItem {{outcome}}' },
          { expr: p(0.99, 'operation', M.apiDynamoSeconds), legend: 'p99 API {{operation}}' },
        ],
      },
      {
        title: 'Projector writes by outcome',
        description: 'applied, stale (older than the item), refused (dead-lettered), retried.',
        unit: 'ops',
        targets: [{ expr: rate('outcome', M.projectorWrites), legend: '{{outcome}}' }],
      },
      {
        title: 'DynamoDB throttled writes',
        description: 'Writes DynamoDB throttled; each is retried.',
        unit: 'ops',
        targets: [
          {
            expr: total(THROTTLED.metric, `{${THROTTLED.selector}}`),
            legend: 'throttled',
            zeroWhenNone: true,
          },
        ],
      },
      {
        title: 'API requests by status',
        description: 'Requests per second by HTTP status.',
        unit: 'rps',
        targets: [{ expr: rate('status_code', `${M.apiRequestSeconds}_count`), legend: '{{status_code}}' }],
      },
      {
        title: 'API latency',
        description: 'By route; the event stream (long-lived) is left out.',
        unit: 's',
        targets: [
          {
            expr: p(0.5, 'route', M.apiRequestSeconds, `{route!="${API_STREAM_ROUTE}"}`),
            legend: 'p50 {{route}}',
          },
          {
            expr: p(0.99, 'route', M.apiRequestSeconds, `{route!="${API_STREAM_ROUTE}"}`),
            legend: 'p99 {{route}}',
          },
        ],
      },
      {
        title: 'API 5xx ratio',
        description: 'Share of answers that were 5xx (503: DynamoDB or the event feed down; 500: our fault).',
        unit: 'percentunit',
        targets: [
          {
            expr: `${total(`${M.apiRequestSeconds}_count`, '{status_code=~"5.."}')} / ${total(`${M.apiRequestSeconds}_count`)}`,
            legend: '5xx',
            zeroWhenNone: true,
          },
        ],
      },
    ],
  },
];

/** A target's query as the panel sends it. */
export const queryOf = (target: Target) =>
  target.zeroWhenNone ? `(${target.expr}) or on() vector(0)` : target.expr;

/** The Grafana dashboard model (schemaVersion 39), with a Prometheus datasource variable. */
export function grafanaDashboard(dashboard: Dashboard) {
  // Grafana's variable syntax, not a template literal: the datasource picked on the dashboard.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana variable
  const datasource = { type: 'prometheus', uid: '${datasource}' };
  return {
    uid: dashboard.uid,
    title: dashboard.title,
    description: dashboard.description,
    tags: ['lakestream'],
    timezone: 'utc',
    editable: true,
    graphTooltip: 1,
    refresh: '30s',
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-1h', to: 'now' },
    annotations: { list: [] },
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Prometheus',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
          refresh: 1,
          options: [],
        },
      ],
    },
    panels: dashboard.panels.map((panel, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: panel.title,
      description: panel.description,
      datasource,
      gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      options: {
        legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] },
        tooltip: { mode: 'multi', sort: 'desc' },
      },
      targets: panel.targets.map((target, j) => ({
        refId: String.fromCharCode(65 + j),
        datasource,
        expr: queryOf(target),
        legendFormat: target.legend,
      })),
    })),
  };
}
