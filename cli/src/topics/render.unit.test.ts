import type { TopicCatalog, TopicSpec } from '@lakestream/schemas';
import { describeAction, formatMs, renderPlan, renderTopicList } from './render';

describe('formatMs', () => {
  it.each([
    ['604800000', '7d'],
    ['3600000', '1h'],
    ['90000', '90s'],
    ['1500', '1500ms'],
    ['0', '0ms'],
    ['-1', 'forever'],
    [undefined, '-'],
    ['compact', 'compact'],
  ])('%s -> %s', (value, shown) => expect(formatMs(value)).toBe(shown));
});

describe('describeAction', () => {
  it('shows old and new config values, with durations, and (default) for no override', () => {
    expect(
      describeAction({
        kind: 'alterConfigs',
        topic: 'ls.a',
        changes: [
          { name: 'retention.ms', from: '86400000', to: '604800000' },
          { name: 'min.insync.replicas', from: '2', to: undefined },
        ],
      }),
    ).toBe(
      'alter configs ls.a: retention.ms 86400000 (1d) -> 604800000 (7d), min.insync.replicas 2 -> (default)',
    );
  });
});

describe('renderPlan', () => {
  it('says when there is nothing to do, and when only a person can do it', () => {
    expect(renderPlan({ actions: [], warnings: [] })).toEqual([
      'nothing to do: the cluster matches the catalog',
    ]);
    expect(
      renderPlan({
        actions: [],
        warnings: [{ code: 'cannot-shrink-partitions', topic: 'ls.a', message: 'has 3' }],
      }),
    ).toEqual(['warning: ls.a has 3', 'nothing apply can do: see the warnings above']);
  });
});

describe('renderTopicList', () => {
  const spec = (name: string, partitions: number, config: Record<string, string>): TopicSpec => ({
    name,
    partitions,
    replicationFactor: 1,
    config,
    why: 'test',
  });
  const catalog: TopicCatalog = {
    environment: 'test',
    managedPrefixes: ['ls.'],
    managedConfigs: ['cleanup.policy', 'retention.ms'],
    topics: [
      spec('ls.ok', 1, { 'cleanup.policy': 'delete', 'retention.ms': '604800000' }),
      spec('ls.missing', 3, { 'cleanup.policy': 'delete', 'retention.ms': '604800000' }),
      spec('ls.drift', 3, { 'cleanup.policy': 'compact', 'retention.ms': '-1' }),
    ],
  };

  it('puts catalog and cluster side by side, with each difference and the strays', () => {
    const table = renderTopicList(catalog, [
      {
        name: 'ls.ok',
        partitions: 1,
        replicationFactor: 1,
        config: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' },
      },
      { name: 'ls.drift', partitions: 1, replicationFactor: 1, config: { 'cleanup.policy': 'delete' } },
      { name: 'ls.stray', partitions: 2, replicationFactor: 1, config: { 'retention.ms': '3600000' } },
    ]);
    const [header, , ...rows] = table.split('\n');
    expect(header).toBe('TOPIC       STATE           PARTITIONS  CLUSTER  CLEANUP  RETENTION  DIFFERENCES');
    expect(rows).toEqual([
      'ls.ok       ok              1           1        delete   7d',
      'ls.missing  missing         3           -        delete   7d',
      'ls.drift    differs         3           1        compact  forever    partitions 1 -> 3; cleanup.policy delete -> compact, retention.ms (default) -> forever; keys-move-partitions',
      'ls.stray    not in catalog  -           2        -        1h         apply --prune deletes it',
    ]);
  });
});
