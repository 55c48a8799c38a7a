import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultTopicCatalogPath,
  parseTopicCatalog,
  resolveTopicCatalog,
  type TopicCatalog,
} from '@lakestream/schemas';
import { loadStackConfig, uniqueName, waitFor } from '@lakestream/stack';
import { connectTopicsAdmin, type TopicsAdmin } from './admin';
import { readCluster, reconcileTopics } from './apply';
import { topicsCommand } from './command';
import { type ClusterTopic, planTopics } from './plan';

const config = loadStackConfig();
const brokers = [`${config.host}:${config.ports.kafka}`];

const day = 86_400_000;
const managedConfigs = ['cleanup.policy', 'retention.ms', 'min.compaction.lag.ms', 'max.compaction.lag.ms'];

/** A small catalog of its own per test: a unique prefix, so tests on the one broker never meet. */
function smallCatalog(prefix: string, changes?: (topics: Record<string, unknown>[]) => void) {
  const topics: Record<string, unknown>[] = [
    {
      name: `${prefix}changes.orders`,
      partitions: 2,
      config: { 'cleanup.policy': 'delete', 'retention.ms': 7 * day },
      why: 'test',
    },
    {
      name: `${prefix}reference.products`,
      partitions: 1,
      config: { 'cleanup.policy': 'compact', 'retention.ms': -1, 'min.compaction.lag.ms': 3_600_000 },
      why: 'test',
    },
  ];
  changes?.(topics);
  const file = parseTopicCatalog({
    managedPrefixes: [prefix],
    managedConfigs,
    environments: { test: { replicationFactor: 1 } },
    topics,
  });
  return { file, catalog: resolveTopicCatalog(file, 'test') };
}

describe('topics apply against the stack broker', () => {
  let admin: TopicsAdmin;
  const prefixes: string[] = [];
  const newPrefix = (what: string) => {
    const prefix = `${uniqueName(what)}.`;
    prefixes.push(prefix);
    return prefix;
  };
  const lines: string[] = [];
  const write = (line: string) => void lines.push(line);
  const byName = (topics: ClusterTopic[]) => new Map(topics.map((t) => [t.name, t]));

  /** Kafka answers a change before every broker's metadata shows it; wait until the plan is empty. */
  const converged = (catalog: TopicCatalog) =>
    waitFor(async () => planTopics(catalog, await readCluster(admin, catalog)).actions.length === 0, {
      what: 'the cluster to match the catalog',
      timeoutMs: 30_000,
    });

  beforeAll(async () => {
    admin = await connectTopicsAdmin(brokers);
  });
  beforeEach(() => void lines.splice(0));
  afterAll(async () => {
    for (const prefix of prefixes) {
      const left = await admin.describeTopics({ names: [], prefixes: [prefix] });
      for (const t of left) await admin.delete(t.name);
    }
    await admin.close();
  });

  it('creates every topic of the repository catalog as written, and a second apply does nothing', async () => {
    const prefix = newPrefix('topics-all');
    const json = readFileSync(defaultTopicCatalogPath, 'utf8').replaceAll('"lakestream.', `"${prefix}`);
    const catalog = resolveTopicCatalog(parseTopicCatalog(JSON.parse(json)), 'local');
    expect(catalog.managedPrefixes).toEqual([prefix]);

    const first = await reconcileTopics(admin, catalog, {}, write);
    expect(first.failed).toEqual([]);
    expect(first.applied).toHaveLength(catalog.topics.length);
    expect(first.applied.every((a) => a.kind === 'create')).toBe(true);
    expect(lines).toHaveLength(catalog.topics.length);

    await converged(catalog);
    const cluster = byName(await readCluster(admin, catalog));
    for (const t of catalog.topics) {
      expect(cluster.get(t.name)).toEqual({
        name: t.name,
        partitions: t.partitions,
        replicationFactor: 1,
        config: t.config,
      });
    }

    lines.splice(0);
    const second = await reconcileTopics(admin, catalog, {}, write);
    expect(second.plan).toEqual({ actions: [], warnings: [] });
    expect(lines).toEqual(['nothing to do: the cluster matches the catalog']);
  });

  it('raises partitions and changes retention, leaving overrides it does not manage alone', async () => {
    const prefix = newPrefix('topics-raise');
    const before = smallCatalog(prefix);
    await reconcileTopics(admin, before.catalog, {}, write);
    await converged(before.catalog);
    const orders = `${prefix}changes.orders`;
    // An override set by hand, outside the catalog: AlterConfigs would drop it if apply sent only
    // the managed keys.
    await admin.alterConfigs(orders, [{ name: 'segment.ms', from: undefined, to: '3600000' }]);

    const after = smallCatalog(prefix, ([o]) =>
      Object.assign(o ?? {}, {
        partitions: 4,
        config: { 'cleanup.policy': 'delete', 'retention.ms': 3 * day },
      }),
    );
    lines.splice(0);
    const outcome = await reconcileTopics(admin, after.catalog, {}, write);
    expect(outcome.failed).toEqual([]);
    expect(outcome.applied).toEqual([
      { kind: 'addPartitions', topic: orders, from: 2, to: 4 },
      {
        kind: 'alterConfigs',
        topic: orders,
        changes: [{ name: 'retention.ms', from: String(7 * day), to: String(3 * day) }],
      },
    ]);
    expect(lines).toEqual([
      expect.stringMatching(/done {3}add partitions .*changes\.orders: 2 -> 4$/),
      expect.stringMatching(
        /done {3}alter configs .*changes\.orders: retention\.ms 604800000 \(7d\) -> 259200000 \(3d\)$/,
      ),
    ]);

    await converged(after.catalog);
    expect(byName(await readCluster(admin, after.catalog)).get(orders)).toEqual({
      name: orders,
      partitions: 4,
      replicationFactor: 1,
      config: { 'cleanup.policy': 'delete', 'retention.ms': String(3 * day), 'segment.ms': '3600000' },
    });
  });

  it('keeps a topic removed from the catalog, deletes it only with --prune, and never outside the prefix', async () => {
    const prefix = newPrefix('topics-prune');
    const full = smallCatalog(prefix);
    await reconcileTopics(admin, full.catalog, {}, write);
    // A neighbour whose name starts with the same text but not the same prefix-with-dot.
    const neighbour = `${prefix.slice(0, -1)}x.changes.orders`;
    prefixes.push(`${prefix.slice(0, -1)}x.`);
    await admin.create({
      ...(full.catalog.topics[0] as NonNullable<(typeof full.catalog.topics)[0]>),
      name: neighbour,
    });
    await converged(full.catalog);

    const products = `${prefix}reference.products`;
    const reduced = smallCatalog(prefix, (topics) => void topics.splice(1, 1));
    lines.splice(0);
    const kept = await reconcileTopics(admin, reduced.catalog, {}, write);
    expect(kept.plan.actions).toEqual([]);
    expect(kept.plan.warnings).toEqual([
      expect.objectContaining({ code: 'not-in-catalog', topic: products }),
    ]);
    expect(lines).toContain(
      `warning: ${products} is under a managed prefix but not in the catalog: kept (--prune deletes it)`,
    );
    expect(byName(await readCluster(admin, full.catalog)).has(products)).toBe(true);

    const pruned = await reconcileTopics(admin, reduced.catalog, { prune: true }, write);
    expect(pruned.applied).toEqual([{ kind: 'delete', topic: products }]);
    await waitFor(async () => !byName(await readCluster(admin, full.catalog)).has(products), {
      what: `${products} to be gone`,
      timeoutMs: 30_000,
    });
    const left = await admin.describeTopics({ names: [neighbour], prefixes: [prefix] });
    expect(left.map((t) => t.name).sort()).toEqual([`${prefix}changes.orders`, neighbour].sort());
  });

  it('refuses to shrink partitions, with a warning, and changes nothing', async () => {
    const prefix = newPrefix('topics-shrink');
    const before = smallCatalog(prefix);
    await reconcileTopics(admin, before.catalog, {}, write);
    await converged(before.catalog);

    const smaller = smallCatalog(prefix, ([o]) => Object.assign(o ?? {}, { partitions: 1 }));
    lines.splice(0);
    const outcome = await reconcileTopics(admin, smaller.catalog, {}, write);
    expect(outcome.plan.actions).toEqual([]);
    expect(outcome.plan.warnings).toEqual([
      expect.objectContaining({ code: 'cannot-shrink-partitions', topic: `${prefix}changes.orders` }),
    ]);
    expect(lines[0]).toMatch(
      /^warning: .*changes\.orders has 2 partitions, the catalog asks for 1: Kafka cannot remove/,
    );
    expect(byName(await readCluster(admin, before.catalog)).get(`${prefix}changes.orders`)?.partitions).toBe(
      2,
    );
  });

  it('runs as `lakestream topics`: a dry run prints the plan and creates nothing; list shows the difference', async () => {
    const prefix = newPrefix('topics-cli');
    const { file } = smallCatalog(prefix);
    const path = join(mkdtempSync(join(tmpdir(), 'topics-cli-')), 'topics.json');
    writeFileSync(path, JSON.stringify(file));
    const env = { LAKESTREAM_KAFKA_BROKERS: brokers.join(','), LAKESTREAM_TOPICS_ENV: 'test' };
    const errors: string[] = [];
    const run = (command: string, options: { dryRun?: boolean; prune?: boolean } = {}) =>
      topicsCommand(
        command,
        { dryRun: false, prune: false, catalog: path, ...options },
        write,
        (l) => errors.push(l),
        env,
      );

    expect(await run('apply', { dryRun: true })).toBe(0);
    expect(lines[0]).toBe(`topics: ${path} (test) -> ${brokers[0]} [dry run, nothing is changed]`);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^create .*changes\.orders: 2 partitions x 1 replica, cleanup\.policy=delete/),
      expect.stringMatching(
        /^create .*reference\.products: 1 partition x 1 replica, cleanup\.policy=compact/,
      ),
    ]);
    expect(await admin.describeTopics({ names: [], prefixes: [prefix] })).toEqual([]);

    lines.splice(0);
    expect(await run('list')).toBe(0);
    expect(lines.join('\n')).toMatch(/changes\.orders +missing +2 +- +delete +7d/);

    expect(await run('apply')).toBe(0);
    lines.splice(0);
    await converged(smallCatalog(prefix).catalog);
    expect(await run('list')).toBe(0);
    expect(lines.join('\n')).toMatch(/reference\.products +ok +1 +1 +compact +forever/);
    expect(errors).toEqual([]);
  });
});
