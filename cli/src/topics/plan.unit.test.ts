import type { TopicCatalog, TopicSpec } from '@lakestream/schemas';
import { type ClusterTopic, planTopics } from './plan';

const managedConfigs = ['cleanup.policy', 'retention.ms', 'min.compaction.lag.ms'];

const spec = (name: string, partitions: number, config: Record<string, string>): TopicSpec => ({
  name,
  partitions,
  replicationFactor: 1,
  config,
  why: 'test',
});
const events = spec('ls.events', 3, { 'cleanup.policy': 'delete', 'retention.ms': '604800000' });
const state = spec('ls.state', 1, {
  'cleanup.policy': 'compact',
  'retention.ms': '-1',
  'min.compaction.lag.ms': '3600000',
});
const catalogOf = (...topics: TopicSpec[]): TopicCatalog => ({
  environment: 'test',
  managedPrefixes: ['ls.'],
  managedConfigs,
  topics,
});
const catalog = catalogOf(events, state);

/** The cluster exactly as the catalog wants it. */
const asCluster = (t: TopicSpec): ClusterTopic => ({
  name: t.name,
  partitions: t.partitions,
  replicationFactor: t.replicationFactor,
  config: { ...t.config },
});

describe('planTopics', () => {
  it('creates every topic on an empty cluster, in catalog order, with no warnings', () => {
    expect(planTopics(catalog, [])).toEqual({
      actions: [
        { kind: 'create', topic: events },
        { kind: 'create', topic: state },
      ],
      warnings: [],
    });
  });

  it('does nothing when the cluster matches', () => {
    expect(planTopics(catalog, [asCluster(events), asCluster(state)])).toEqual({ actions: [], warnings: [] });
  });

  it('creates only what is missing', () => {
    expect(planTopics(catalog, [asCluster(state)]).actions).toEqual([{ kind: 'create', topic: events }]);
  });

  it('raises partitions', () => {
    const plan = planTopics(catalog, [{ ...asCluster(events), partitions: 1 }, asCluster(state)]);
    expect(plan).toEqual({
      actions: [{ kind: 'addPartitions', topic: 'ls.events', from: 1, to: 3 }],
      warnings: [],
    });
  });

  it('refuses to shrink partitions: a warning, not an action', () => {
    const plan = planTopics(catalog, [{ ...asCluster(events), partitions: 6 }, asCluster(state)]);
    expect(plan.actions).toEqual([]);
    expect(plan.warnings).toEqual([
      expect.objectContaining({ code: 'cannot-shrink-partitions', topic: 'ls.events' }),
    ]);
    expect(plan.warnings[0]?.message).toMatch(/has 6 partitions, the catalog asks for 3/);
  });

  it('warns that keys move when a compacted topic gains partitions, and still adds them', () => {
    const plan = planTopics(catalogOf({ ...state, partitions: 2 }), [asCluster(state)]);
    expect(plan.actions).toEqual([{ kind: 'addPartitions', topic: 'ls.state', from: 1, to: 2 }]);
    expect(plan.warnings.map((w) => w.code)).toEqual(['keys-move-partitions']);
  });

  it('changes a managed config whose value differs, naming old and new value', () => {
    const actual = { ...asCluster(events), config: { ...events.config, 'retention.ms': '86400000' } };
    expect(planTopics(catalog, [actual, asCluster(state)]).actions).toEqual([
      {
        kind: 'alterConfigs',
        topic: 'ls.events',
        changes: [{ name: 'retention.ms', from: '86400000', to: '604800000' }],
      },
    ]);
  });

  it('sets a managed config that has no override yet (explicit even where it equals the default)', () => {
    const actual = { ...asCluster(events), config: {} };
    expect(planTopics(catalog, [actual, asCluster(state)]).actions).toEqual([
      {
        kind: 'alterConfigs',
        topic: 'ls.events',
        changes: [
          { name: 'cleanup.policy', from: undefined, to: 'delete' },
          { name: 'retention.ms', from: undefined, to: '604800000' },
        ],
      },
    ]);
  });

  it('removes the override of a managed config the catalog no longer sets', () => {
    const actual = { ...asCluster(events), config: { ...events.config, 'min.compaction.lag.ms': '0' } };
    expect(planTopics(catalog, [actual, asCluster(state)]).actions).toEqual([
      {
        kind: 'alterConfigs',
        topic: 'ls.events',
        changes: [{ name: 'min.compaction.lag.ms', from: '0', to: undefined }],
      },
    ]);
  });

  it('ignores overrides of configs the catalog does not manage', () => {
    const actual = { ...asCluster(events), config: { ...events.config, 'segment.ms': '1000' } };
    expect(planTopics(catalog, [actual, asCluster(state)]).actions).toEqual([]);
  });

  it('treats the two spellings of compact+delete as one policy', () => {
    const both = spec('ls.both', 1, {
      'cleanup.policy': 'compact,delete',
      'retention.ms': '1',
      'min.compaction.lag.ms': '0',
    });
    const actual = { ...asCluster(both), config: { ...both.config, 'cleanup.policy': 'delete, compact' } };
    expect(planTopics(catalogOf(both), [actual]).actions).toEqual([]);
  });

  it('plans partitions and configs of one topic as two actions', () => {
    const actual = { ...asCluster(events), partitions: 2, config: { ...events.config, 'retention.ms': '1' } };
    expect(planTopics(catalogOf(events), [actual]).actions.map((a) => a.kind)).toEqual([
      'addPartitions',
      'alterConfigs',
    ]);
  });

  it('warns when the replication factor differs (no reassignment is attempted)', () => {
    const plan = planTopics(catalog, [{ ...asCluster(events), replicationFactor: 3 }, asCluster(state)]);
    expect(plan.actions).toEqual([]);
    expect(plan.warnings).toEqual([
      expect.objectContaining({ code: 'replication-factor-differs', topic: 'ls.events' }),
    ]);
  });

  describe('topics not in the catalog', () => {
    const stray = (name: string): ClusterTopic => ({ name, partitions: 1, replicationFactor: 1, config: {} });
    const cluster = [
      asCluster(events),
      asCluster(state),
      stray('ls.old-b'),
      stray('ls.old-a'),
      stray('lsx.neighbour'),
      stray('ls'),
      stray('globalmart.globalmart.orders'),
      stray('__consumer_offsets'),
    ];

    it('are kept, with a warning, unless pruning; topics outside the prefixes are not mentioned', () => {
      const plan = planTopics(catalog, cluster);
      expect(plan.actions).toEqual([]);
      expect(plan.warnings.map((w) => [w.code, w.topic])).toEqual([
        ['not-in-catalog', 'ls.old-a'],
        ['not-in-catalog', 'ls.old-b'],
      ]);
    });

    it('are deleted with prune, but only under a managed prefix', () => {
      const plan = planTopics(catalog, cluster, { prune: true });
      expect(plan.actions).toEqual([
        { kind: 'delete', topic: 'ls.old-a' },
        { kind: 'delete', topic: 'ls.old-b' },
      ]);
      expect(plan.warnings).toEqual([]);
    });

    it('prune never deletes a catalog topic, whatever state it is in', () => {
      const drifted = [{ ...asCluster(events), partitions: 9, replicationFactor: 2, config: {} }];
      const plan = planTopics(catalog, drifted, { prune: true });
      expect(plan.actions.filter((a) => a.kind === 'delete')).toEqual([]);
      expect(plan.actions).toContainEqual({ kind: 'create', topic: state });
    });
  });
});
