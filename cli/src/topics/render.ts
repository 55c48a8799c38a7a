import type { TopicCatalog } from '@lakestream/schemas';
import { renderTable } from '@lakestream/stack';
import { type ClusterTopic, type ConfigChange, planTopics, type TopicAction, type TopicPlan } from './plan';

const units: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

/** `604800000` → `7d`, `-1` → `forever`; anything that is not whole milliseconds is left as it is. */
export function formatMs(value: string | undefined): string {
  if (value === undefined) return '-';
  if (!/^-?\d+$/.test(value)) return value;
  const ms = Number(value);
  if (ms < 0) return 'forever';
  const unit = units.find(([size]) => ms >= size && ms % size === 0);
  return unit ? `${ms / unit[0]}${unit[1]}` : `${ms}ms`;
}

const shown = (name: string, value: string | undefined) => {
  if (value === undefined) return '(default)';
  return name.endsWith('.ms') && formatMs(value) !== value ? `${value} (${formatMs(value)})` : value;
};

/** Compact form for the list table: `7d` rather than `604800000 (7d)`. */
const brief = (name: string, value: string | undefined) =>
  value === undefined ? '(default)' : name.endsWith('.ms') ? formatMs(value) : value;

const change = (c: ConfigChange) => `${c.name} ${shown(c.name, c.from)} -> ${shown(c.name, c.to)}`;

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function describeAction(action: TopicAction): string {
  switch (action.kind) {
    case 'create': {
      const { name, partitions, replicationFactor, config } = action.topic;
      const configs = Object.entries(config).map(([k, v]) => `${k}=${shown(k, v)}`);
      return `create ${name}: ${count(partitions, 'partition')} x ${count(replicationFactor, 'replica')}, ${configs.join(', ')}`;
    }
    case 'addPartitions':
      return `add partitions ${action.topic}: ${action.from} -> ${action.to}`;
    case 'alterConfigs':
      return `alter configs ${action.topic}: ${action.changes.map(change).join(', ')}`;
    case 'delete':
      return `delete ${action.topic}`;
  }
}

export const renderWarnings = (plan: TopicPlan) =>
  plan.warnings.map((w) => `warning: ${w.topic} ${w.message}`);

/** The plan as `--dry-run` prints it: the warnings, then one line per action. */
export function renderPlan(plan: TopicPlan): string[] {
  const lines = renderWarnings(plan);
  if (plan.actions.length > 0) lines.push(...plan.actions.map(describeAction));
  else if (lines.length > 0) lines.push('nothing apply can do: see the warnings above');
  else lines.push('nothing to do: the cluster matches the catalog');
  return lines;
}

/** Catalog against cluster, one row per catalog topic and per managed topic the catalog lacks. */
export function renderTopicList(catalog: TopicCatalog, cluster: readonly ClusterTopic[]): string {
  const { actions, warnings } = planTopics(catalog, cluster, { prune: false });
  const actual = new Map(cluster.map((t) => [t.name, t]));
  const detailsOf = (topic: string) => [
    ...actions
      .filter((a) => a.kind !== 'create' && a.topic === topic)
      .map((a) =>
        a.kind === 'addPartitions'
          ? `partitions ${a.from} -> ${a.to}`
          : a.kind === 'alterConfigs'
            ? a.changes.map((c) => `${c.name} ${brief(c.name, c.from)} -> ${brief(c.name, c.to)}`).join(', ')
            : '',
      ),
    ...warnings.filter((w) => w.topic === topic && w.code !== 'not-in-catalog').map((w) => w.code),
  ];
  const rows = catalog.topics.map((t) => {
    const found = actual.get(t.name);
    const details = detailsOf(t.name);
    const state = !found ? 'missing' : details.length > 0 ? 'differs' : 'ok';
    return [
      t.name,
      state,
      String(t.partitions),
      found ? String(found.partitions) : '-',
      t.config['cleanup.policy'] ?? '-',
      formatMs(t.config['retention.ms']),
      details.join('; '),
    ];
  });
  for (const w of warnings.filter((w) => w.code === 'not-in-catalog')) {
    const found = actual.get(w.topic);
    rows.push([
      w.topic,
      'not in catalog',
      '-',
      String(found?.partitions ?? '-'),
      found?.config['cleanup.policy'] ?? '-',
      formatMs(found?.config['retention.ms']),
      'apply --prune deletes it',
    ]);
  }
  return renderTable(
    ['TOPIC', 'STATE', 'PARTITIONS', 'CLUSTER', 'CLEANUP', 'RETENTION', 'DIFFERENCES'],
    rows,
  );
}
