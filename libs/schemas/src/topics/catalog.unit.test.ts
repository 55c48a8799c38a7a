import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TABLES } from '../entities';
import {
  parseTopicCatalog,
  readTopicCatalog,
  resolveTopicCatalog,
  TopicCatalogError,
  type TopicCatalogFile,
} from './catalog';
import { changesTopic, dlqTopic, enrichedTopic, referenceTopic } from './names';

// Every GlobalMart table (db/globalmart/schema.sql), as the row schemas list them.
const tables: readonly string[] = TABLES;
const referenceEntities = [
  'markets',
  'fx_rates',
  'tenants',
  'vendors',
  'products',
  'customers',
  'warehouses',
];

const minimal = () => ({
  managedPrefixes: ['t.'],
  managedConfigs: ['cleanup.policy', 'retention.ms', 'min.compaction.lag.ms', 'min.insync.replicas'],
  environments: { local: { replicationFactor: 1 } },
  topics: [
    { name: 't.a', partitions: 3, config: { 'cleanup.policy': 'delete', 'retention.ms': 1000 }, why: 'a' },
    {
      name: 't.b',
      partitions: 1,
      config: { 'cleanup.policy': 'compact', 'retention.ms': -1, 'min.compaction.lag.ms': 0 },
      why: 'b',
    },
  ],
});

function problemsOf(input: unknown): string[] {
  try {
    parseTopicCatalog(input);
  } catch (error) {
    if (error instanceof TopicCatalogError) return error.problems;
    throw error;
  }
  throw new Error('expected the catalog to be refused');
}

describe('the repository catalog (topics.json)', () => {
  const file = readTopicCatalog();
  const names = new Set(file.topics.map((t) => t.name));
  const byName = new Map(file.topics.map((t) => [t.name, t]));

  it('has a changes topic per GlobalMart table, the DLQ, and a compacted reference topic per reference entity', () => {
    expect(tables).toHaveLength(12);
    for (const table of tables) expect(names).toContain(changesTopic(table));
    expect(names).toContain(dlqTopic);
    for (const entity of referenceEntities) {
      const config = byName.get(referenceTopic(entity))?.config;
      expect(config?.['cleanup.policy']).toBe('compact');
      expect(Number(config?.['min.compaction.lag.ms'])).toBeGreaterThan(0);
    }
  });

  it('names only real tables after changes., enriched. and reference. (a typo would be a topic nobody uses)', () => {
    const entities = file.topics.flatMap(
      (t) => /^lakestream\.(?:changes|enriched|reference)\.(.+)$/.exec(t.name)?.[1] ?? [],
    );
    expect(entities.filter((e) => !tables.includes(e))).toEqual([]);
  });

  it('keeps every version on changes and enriched topics (delete policy, never compacted)', () => {
    const streams = file.topics.filter((t) => /^lakestream\.(changes|enriched)\./.test(t.name));
    expect(streams.length).toBeGreaterThanOrEqual(tables.length);
    for (const topic of streams) expect(topic.config['cleanup.policy']).toBe('delete');
    expect(names).toContain(enrichedTopic('orders'));
  });

  it('resolves for every environment it declares', () => {
    for (const env of Object.keys(file.environments)) {
      const catalog = resolveTopicCatalog(file, env);
      expect(catalog.topics).toHaveLength(file.topics.length);
    }
    const local = resolveTopicCatalog(file, 'local');
    expect(Math.max(...local.topics.map((t) => t.partitions))).toBeLessThanOrEqual(3);
  });
});

describe('parseTopicCatalog', () => {
  it('accepts a minimal catalog and turns config values into strings', () => {
    const file = parseTopicCatalog(minimal());
    expect(file.topics[0]?.config).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': '1000' });
    expect(file.environments.local).toEqual({
      replicationFactor: 1,
      partitionMultiplier: 1,
      config: {},
      topics: {},
    });
  });

  it('names the topic, field and expectation of each problem, all at once', () => {
    const input = minimal();
    Object.assign(input.topics[0] ?? {}, { partitions: 0 });
    Object.assign(input.topics[1] ?? {}, { why: ' ' });
    expect(problemsOf(input)).toEqual([
      'topics[0] (t.a).partitions: expected a whole number of partitions >= 1',
      'topics[1] (t.b).why: expected a one-line reason',
    ]);
  });

  it('refuses unknown fields (a typo must not be ignored silently)', () => {
    const input = { ...minimal(), topic: [] };
    expect(problemsOf(input).join('\n')).toMatch(/Unrecognized key.*"topic"/);
  });

  it('refuses config keys the catalog does not manage, and bad values of the keys it knows', () => {
    const input = minimal();
    Object.assign(input.topics[0]?.config ?? {}, { 'segment.ms': 1, 'retention.ms': '7d' });
    Object.assign(input.topics[1]?.config ?? {}, { 'cleanup.policy': 'compacted' });
    expect(problemsOf(input)).toEqual([
      'topics[0] (t.a).config."retention.ms": expected whole milliseconds >= -1, got "7d"',
      'topics[0] (t.a).config."segment.ms": segment.ms is not in managedConfigs (cleanup.policy, retention.ms, min.compaction.lag.ms, min.insync.replicas)',
      'topics[1] (t.b).config."cleanup.policy": expected delete, compact or compact,delete, got "compacted"',
    ]);
  });

  it('requires cleanup.policy and retention.ms everywhere, and min.compaction.lag.ms where compacted', () => {
    const input = minimal();
    Object.assign(input.topics[0] ?? {}, { config: {} });
    Object.assign(input.topics[1] ?? {}, {
      config: { 'cleanup.policy': 'compact,delete', 'retention.ms': 1 },
    });
    expect(problemsOf(input)).toEqual([
      'topics[0] (t.a).config: expected cleanup.policy: every topic states it',
      'topics[0] (t.a).config: expected retention.ms: every topic states it',
      'topics[1] (t.b).config: a compacted topic states min.compaction.lag.ms (how far behind a reader may fall)',
    ]);
  });

  it('refuses illegal, duplicate, colliding and unmanaged topic names', () => {
    const input = minimal();
    const base = input.topics[0];
    input.topics.push(
      { ...(base as NonNullable<typeof base>), name: 't.a' },
      { ...(base as NonNullable<typeof base>), name: 't.has space' },
      { ...(base as NonNullable<typeof base>), name: 't_a' },
      { ...(base as NonNullable<typeof base>), name: 'other.a' },
    );
    expect(problemsOf(input)).toEqual([
      'topics[2] (t.a).name: "t.a" is listed twice',
      'topics[3] (t.has space).name: "t.has space" is not a legal Kafka topic name ([a-zA-Z0-9._-], at most 249)',
      'topics[4] (t_a).name: "t_a" collides with "t.a" (\'.\' and \'_\' are the same to Kafka)',
      'topics[4] (t_a).name: "t_a" is not under a managed prefix (t.)',
      'topics[5] (other.a).name: "other.a" is not under a managed prefix (t.)',
    ]);
  });

  it('refuses prefixes that do not end in a dot, which would make prune reach neighbouring names', () => {
    expect(problemsOf({ ...minimal(), managedPrefixes: ['t'] })[0]).toMatch(
      /^managedPrefixes\[0\]: expected/,
    );
  });

  it('checks environments: overrides of unknown topics, min.insync.replicas above the replication factor', () => {
    const input = {
      ...minimal(),
      environments: {
        prod: {
          replicationFactor: 2,
          config: { 'min.insync.replicas': 3 },
          topics: { 't.zzz': { partitions: 2 } },
        },
      },
    };
    expect(problemsOf(input)).toEqual([
      'environments.prod.topics."t.zzz": "t.zzz" is not in topics',
      'environments.prod.config."min.insync.replicas": is above the replicationFactor',
    ]);
  });
});

describe('readTopicCatalog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topic-catalog-'));

  it('says which file is not JSON', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "topics": [');
    expect(() => readTopicCatalog(path)).toThrow(`invalid topic catalog ${path}:\n  - not valid JSON`);
  });

  it('says which file cannot be read', () => {
    expect(() => readTopicCatalog(join(dir, 'missing.json'))).toThrow(/cannot read it: ENOENT/);
  });
});

describe('resolveTopicCatalog', () => {
  const file: TopicCatalogFile = parseTopicCatalog({
    ...minimal(),
    environments: {
      local: { replicationFactor: 1 },
      prod: {
        replicationFactor: 3,
        partitionMultiplier: 2.5,
        config: { 'min.insync.replicas': 2, 'retention.ms': 5 },
        topics: { 't.b': { partitions: 12, config: { 'min.compaction.lag.ms': 60_000 } } },
      },
    },
  });

  it('keeps the catalog as written for an environment without overrides', () => {
    expect(
      resolveTopicCatalog(file, 'local').topics.map((t) => [t.name, t.partitions, t.replicationFactor]),
    ).toEqual([
      ['t.a', 3, 1],
      ['t.b', 1, 1],
    ]);
  });

  it('multiplies partitions (rounding up), sets per-topic counts, and layers config: environment < topic < override', () => {
    const prod = resolveTopicCatalog(file, 'prod');
    expect(prod.topics.map((t) => [t.name, t.partitions, t.replicationFactor])).toEqual([
      ['t.a', 8, 3],
      ['t.b', 12, 3],
    ]);
    expect(prod.topics[0]?.config).toEqual({
      'cleanup.policy': 'delete',
      'retention.ms': '1000',
      'min.insync.replicas': '2',
    });
    expect(prod.topics[1]?.config).toEqual({
      'cleanup.policy': 'compact',
      'retention.ms': '-1',
      'min.compaction.lag.ms': '60000',
      'min.insync.replicas': '2',
    });
  });

  it('names the known environments when asked for another', () => {
    expect(() => resolveTopicCatalog(file, 'staging')).toThrow(
      'the topic catalog has no environment "staging" (it has: local, prod)',
    );
  });
});
