import type { TopicCatalog, TopicSpec } from '@lakestream/schemas';
import { ConcurrentChangeError, kafkaErrorMessage, mergeOverrides, type TopicsAdmin } from './admin';
import { applyPlan, reconcileTopics } from './apply';
import type { ClusterTopic, ConfigChange } from './plan';

/** An in-memory cluster with the same semantics as the kafkajs-backed admin. */
function fakeAdmin(
  initial: ClusterTopic[],
  failOn: string[] = [],
): TopicsAdmin & { topics: Map<string, ClusterTopic> } {
  const topics = new Map(initial.map((t) => [t.name, { ...t, config: { ...t.config } }]));
  const check = (name: string) => {
    if (failOn.includes(name)) throw new Error(`broker says no to ${name}`);
  };
  return {
    topics,
    async describeTopics({ names, prefixes }) {
      return [...topics.values()].filter(
        (t) => names.includes(t.name) || prefixes.some((p) => t.name.startsWith(p)),
      );
    },
    async create(t: TopicSpec) {
      check(t.name);
      topics.set(t.name, { ...t, config: { ...t.config } });
    },
    async addPartitions(name: string, count: number) {
      check(name);
      const t = topics.get(name);
      if (t) t.partitions = count;
    },
    async alterConfigs(name: string, changes: readonly ConfigChange[]) {
      check(name);
      const t = topics.get(name);
      if (t) t.config = mergeOverrides(name, t.config, changes);
    },
    async delete(name: string) {
      check(name);
      topics.delete(name);
    },
    close: async () => undefined,
  };
}

const spec = (name: string, partitions: number, retention: string): TopicSpec => ({
  name,
  partitions,
  replicationFactor: 1,
  config: { 'cleanup.policy': 'delete', 'retention.ms': retention },
  why: 'test',
});
const catalog: TopicCatalog = {
  environment: 'test',
  managedPrefixes: ['ls.'],
  managedConfigs: ['cleanup.policy', 'retention.ms'],
  topics: [spec('ls.a', 2, '1000'), spec('ls.b', 1, '2000')],
};

describe('mergeOverrides', () => {
  it('keeps overrides it does not manage, sets and removes the ones it does', () => {
    const current = { 'segment.ms': '10', 'retention.ms': '1', 'cleanup.policy': 'compact' };
    expect(
      mergeOverrides('t', current, [
        { name: 'retention.ms', from: '1', to: '2' },
        { name: 'cleanup.policy', from: 'compact', to: undefined },
        { name: 'min.insync.replicas', from: undefined, to: '2' },
      ]),
    ).toEqual({ 'segment.ms': '10', 'retention.ms': '2', 'min.insync.replicas': '2' });
  });

  it('refuses when a managed key changed after the plan was made', () => {
    expect(() =>
      mergeOverrides('t', { 'retention.ms': '5' }, [{ name: 'retention.ms', from: '1', to: '2' }]),
    ).toThrow(ConcurrentChangeError);
  });
});

describe('kafkaErrorMessage', () => {
  it('includes the per-topic errors kafkajs nests inside an aggregate error', () => {
    const inner = Object.assign(new Error('Replication-factor is invalid'), {
      type: 'INVALID_REPLICATION_FACTOR',
    });
    const outer = Object.assign(new Error('Topic creation errors'), { errors: [inner] });
    expect(kafkaErrorMessage(outer)).toBe(
      'Topic creation errors: Replication-factor is invalid (INVALID_REPLICATION_FACTOR)',
    );
  });
});

describe('reconcileTopics', () => {
  const lines: string[] = [];
  const write = (line: string) => void lines.push(line);
  beforeEach(() => void lines.splice(0));

  it('applies the plan, one progress line per action, and a second run has nothing to do', async () => {
    const admin = fakeAdmin([
      { ...spec('ls.a', 1, '5'), config: { 'retention.ms': '5', 'segment.ms': '7' } },
    ]);
    const first = await reconcileTopics(admin, catalog, {}, write);
    expect(first.failed).toEqual([]);
    expect(first.applied.map((a) => a.kind)).toEqual(['addPartitions', 'alterConfigs', 'create']);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[ +\d+\.\ds\] done {3}add partitions ls.a: 1 -> 2$/);
    expect(admin.topics.get('ls.a')?.config).toEqual({
      'retention.ms': '1000',
      'cleanup.policy': 'delete',
      'segment.ms': '7',
    });

    lines.splice(0);
    const second = await reconcileTopics(admin, catalog, {}, write);
    expect(second.plan.actions).toEqual([]);
    expect(lines).toEqual(['nothing to do: the cluster matches the catalog']);
  });

  it('prints the plan and changes nothing on a dry run', async () => {
    const admin = fakeAdmin([spec('ls.old', 1, '1')]);
    const outcome = await reconcileTopics(admin, catalog, { dryRun: true, prune: true }, write);
    expect(outcome.applied).toEqual([]);
    expect([...admin.topics.keys()]).toEqual(['ls.old']);
    expect(lines).toEqual([
      'create ls.a: 2 partitions x 1 replica, cleanup.policy=delete, retention.ms=1000 (1s)',
      'create ls.b: 1 partition x 1 replica, cleanup.policy=delete, retention.ms=2000 (2s)',
      'delete ls.old',
    ]);
  });

  it('reports a failed action and still runs the others', async () => {
    const admin = fakeAdmin([], ['ls.a']);
    const outcome = await reconcileTopics(admin, catalog, {}, write);
    expect(outcome.failed).toEqual([
      { action: expect.objectContaining({ kind: 'create' }), error: 'broker says no to ls.a' },
    ]);
    expect(outcome.applied).toHaveLength(1);
    expect(lines[0]).toMatch(/FAILED create ls.a: .*: broker says no to ls.a$/);
    expect([...admin.topics.keys()]).toEqual(['ls.b']);
  });

  it('prints warnings before applying', async () => {
    const admin = fakeAdmin([spec('ls.a', 4, '1000'), spec('ls.stray', 1, '1')]);
    await reconcileTopics(admin, catalog, {}, write);
    expect(lines.slice(0, 2)).toEqual([
      'warning: ls.a has 4 partitions, the catalog asks for 2: Kafka cannot remove partitions (recreate the topic to shrink it)',
      'warning: ls.stray is under a managed prefix but not in the catalog: kept (--prune deletes it)',
    ]);
  });
});

describe('applyPlan', () => {
  it('stamps each line with the seconds since it began', async () => {
    let t = 0;
    const lines: string[] = [];
    await applyPlan(
      fakeAdmin([]),
      { actions: [{ kind: 'delete', topic: 'ls.x' }], warnings: [] },
      (l) => lines.push(l),
      () => (t += 1500),
    );
    expect(lines).toEqual(['[  1.5s] done   delete ls.x']);
  });
});
