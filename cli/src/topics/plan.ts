import { isManagedTopic, type TopicCatalog, type TopicSpec } from '@lakestream/schemas';

/** A topic as the cluster has it. `config` holds only the topic's own overrides, not broker defaults. */
export interface ClusterTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  config: Readonly<Record<string, string>>;
}

/** One managed config key going from its current override to the catalog's value (undefined = default). */
export interface ConfigChange {
  name: string;
  from: string | undefined;
  to: string | undefined;
}

export type TopicAction =
  | { kind: 'create'; topic: TopicSpec }
  | { kind: 'addPartitions'; topic: string; from: number; to: number }
  | { kind: 'alterConfigs'; topic: string; changes: ConfigChange[] }
  | { kind: 'delete'; topic: string };

export type TopicWarningCode =
  | 'cannot-shrink-partitions'
  | 'replication-factor-differs'
  | 'keys-move-partitions'
  | 'not-in-catalog';

/** Something the catalog asks for that apply will not do, or a consequence of what it will do. */
export interface TopicWarning {
  code: TopicWarningCode;
  topic: string;
  message: string;
}

export interface TopicPlan {
  actions: TopicAction[];
  warnings: TopicWarning[];
}

/** Kafka keeps a list-valued config as written; "delete,compact" and "compact,delete" are one policy. */
function normalise(name: string, value: string | undefined): string | undefined {
  if (value === undefined || name !== 'cleanup.policy') return value;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .sort()
    .join(',');
}

function configChanges(
  desired: TopicSpec,
  actual: ClusterTopic,
  managedConfigs: readonly string[],
): ConfigChange[] {
  return managedConfigs.flatMap((name) => {
    const from = actual.config[name];
    const to = desired.config[name];
    return normalise(name, from) === normalise(name, to) ? [] : [{ name, from, to }];
  });
}

/**
 * What it takes to bring the cluster to the catalog: create missing topics, raise partition counts,
 * set managed configs (and reset those the catalog no longer sets). Deletes only with `prune`, and
 * only topics under a managed prefix. What cannot be done safely (fewer partitions, another
 * replication factor) is a warning, never an action. Pure: the same inputs give the same plan.
 */
export function planTopics(
  catalog: TopicCatalog,
  cluster: readonly ClusterTopic[],
  options: { prune?: boolean } = {},
): TopicPlan {
  const actions: TopicAction[] = [];
  const warnings: TopicWarning[] = [];
  const existing = new Map(cluster.map((t) => [t.name, t]));
  const warn = (code: TopicWarningCode, topic: string, message: string) =>
    warnings.push({ code, topic, message });

  for (const desired of catalog.topics) {
    const actual = existing.get(desired.name);
    if (!actual) {
      actions.push({ kind: 'create', topic: desired });
      continue;
    }
    if (desired.partitions > actual.partitions) {
      actions.push({
        kind: 'addPartitions',
        topic: desired.name,
        from: actual.partitions,
        to: desired.partitions,
      });
      // Records are placed by hash(key) mod partitions, so after the change a key may land elsewhere.
      // Compaction works per partition: the old partition keeps that key's last value for ever.
      if (normalise('cleanup.policy', desired.config['cleanup.policy'])?.includes('compact')) {
        warn(
          'keys-move-partitions',
          desired.name,
          `compacted topic goes from ${actual.partitions} to ${desired.partitions} partitions: keys that move keep a stale last value in their old partition; readers must prefer the newest source position`,
        );
      }
    } else if (desired.partitions < actual.partitions) {
      warn(
        'cannot-shrink-partitions',
        desired.name,
        `has ${actual.partitions} partitions, the catalog asks for ${desired.partitions}: Kafka cannot remove partitions (recreate the topic to shrink it)`,
      );
    }
    if (desired.replicationFactor !== actual.replicationFactor) {
      warn(
        'replication-factor-differs',
        desired.name,
        `replication factor is ${actual.replicationFactor}, the catalog asks for ${desired.replicationFactor}: changing it needs a partition reassignment, which apply does not do`,
      );
    }
    const changes = configChanges(desired, actual, catalog.managedConfigs);
    if (changes.length > 0) actions.push({ kind: 'alterConfigs', topic: desired.name, changes });
  }

  const wanted = new Set(catalog.topics.map((t) => t.name));
  const strays = cluster
    .map((t) => t.name)
    .filter((name) => !wanted.has(name) && isManagedTopic(name, catalog.managedPrefixes))
    .sort();
  for (const name of strays) {
    if (options.prune) actions.push({ kind: 'delete', topic: name });
    else
      warn(
        'not-in-catalog',
        name,
        'is under a managed prefix but not in the catalog: kept (--prune deletes it)',
      );
  }
  return { actions, warnings };
}
