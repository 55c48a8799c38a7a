import { z } from 'zod';

// The shape of topics.json and every rule it must follow, checked at load so a mistake is named
// before anything reaches a cluster. The choices themselves (and why) are in the file, per topic.

// Kafka's own rule (org.apache.kafka.common.internals.Topic): legal characters, at most 249 of them.
const legalTopicName = /^[a-zA-Z0-9._-]+$/;
const maxTopicNameLength = 249;

const wholeNumber = (min: number, what: string) =>
  z
    .number({ error: `expected ${what}` })
    .int(`expected ${what}`)
    .min(min, `expected ${what}`);

/** Config values may be written as JSON numbers or booleans; Kafka takes every value as a string. */
const configValue = z
  .union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' })
  .transform(String);
const configMap = z.record(z.string(), configValue);

// Value rules for the keys the catalog uses; a managed key not listed here is passed to Kafka as is.
const msAtLeast = (min: number) => (v: string) =>
  /^-?\d+$/.test(v) && Number(v) >= min ? undefined : `expected whole milliseconds >= ${min}`;
const valueRules: Record<string, (value: string) => string | undefined> = {
  'cleanup.policy': (v) =>
    ['delete', 'compact', 'compact,delete', 'delete,compact'].includes(v.replace(/\s/g, ''))
      ? undefined
      : 'expected delete, compact or compact,delete',
  'retention.ms': msAtLeast(-1),
  'min.compaction.lag.ms': msAtLeast(0),
  'max.compaction.lag.ms': msAtLeast(1),
  'delete.retention.ms': msAtLeast(0),
  'min.insync.replicas': (v) =>
    /^\d+$/.test(v) && Number(v) >= 1 ? undefined : 'expected a whole number >= 1',
};

const topicSchema = z.strictObject({
  name: z.string({ error: 'expected a topic name' }),
  partitions: wholeNumber(1, 'a whole number of partitions >= 1'),
  config: configMap,
  why: z.string({ error: 'expected a one-line reason' }).trim().min(1, 'expected a one-line reason'),
});

const environmentSchema = z.strictObject({
  replicationFactor: wholeNumber(1, 'a whole replication factor >= 1'),
  /** Scales every topic's partitions (rounded up); 1 keeps the catalog's counts. */
  partitionMultiplier: z
    .number({ error: 'expected a number > 0' })
    .positive('expected a number > 0')
    .default(1),
  /** Added to every topic that does not set the key itself. */
  config: configMap.default({}),
  /** Per-topic overrides in this environment; they win over everything else. */
  topics: z
    .record(
      z.string(),
      z.strictObject({
        partitions: wholeNumber(1, 'a whole number of partitions >= 1').optional(),
        config: configMap.optional(),
      }),
    )
    .default({}),
});

export const topicCatalogFileSchema = z
  .strictObject({
    $comment: z.string().optional(),
    /** Topics under these prefixes belong to the catalog: `--prune` may delete one the file lacks. */
    managedPrefixes: z
      .array(
        z
          .string()
          .regex(
            /^[a-zA-Z0-9_-][a-zA-Z0-9._-]*\.$/,
            'expected a topic-name prefix ending in "." (like "lakestream.")',
          ),
      )
      .min(1, 'expected at least one prefix'),
    /** The only topic configs apply reads or changes; any other override on a topic is left alone. */
    managedConfigs: z.array(z.string().min(1)).min(1, 'expected at least one config name'),
    environments: z
      .record(z.string(), environmentSchema)
      .refine((envs) => Object.keys(envs).length > 0, 'expected at least one environment'),
    topics: z.array(topicSchema).min(1, 'expected at least one topic'),
  })
  .superRefine((file, ctx) => {
    const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const managed = new Set(file.managedConfigs);
    const checkConfig = (config: Record<string, string>, path: PropertyKey[]) => {
      for (const [key, value] of Object.entries(config)) {
        if (!managed.has(key)) {
          problem([...path, key], `${key} is not in managedConfigs (${file.managedConfigs.join(', ')})`);
          continue;
        }
        const bad = valueRules[key]?.(value);
        if (bad) problem([...path, key], `${bad}, got ${JSON.stringify(value)}`);
      }
    };

    // Kafka refuses a topic whose name equals another's with '.' and '_' swapped: both become the
    // same metric name (Topic.hasCollision), so two such catalog entries could never both exist.
    const byMetricName = new Map<string, string>();
    const names = new Set<string>();
    file.topics.forEach((topic, i) => {
      const at = (...rest: PropertyKey[]) => ['topics', i, ...rest];
      const { name, config } = topic;
      if (!legalTopicName.test(name) || name.length > maxTopicNameLength || name === '.' || name === '..') {
        problem(at('name'), `"${name}" is not a legal Kafka topic name ([a-zA-Z0-9._-], at most 249)`);
      }
      if (names.has(name)) problem(at('name'), `"${name}" is listed twice`);
      const collides = byMetricName.get(name.replaceAll('.', '_'));
      if (collides && collides !== name) {
        problem(at('name'), `"${name}" collides with "${collides}" ('.' and '_' are the same to Kafka)`);
      }
      names.add(name);
      byMetricName.set(name.replaceAll('.', '_'), name);
      if (!file.managedPrefixes.some((p) => name.startsWith(p))) {
        problem(at('name'), `"${name}" is not under a managed prefix (${file.managedPrefixes.join(', ')})`);
      }
      checkConfig(config, at('config'));
      for (const required of ['cleanup.policy', 'retention.ms']) {
        if (config[required] === undefined)
          problem(at('config'), `expected ${required}: every topic states it`);
      }
      if (config['cleanup.policy']?.includes('compact') && config['min.compaction.lag.ms'] === undefined) {
        problem(
          at('config'),
          'a compacted topic states min.compaction.lag.ms (how far behind a reader may fall)',
        );
      }
      const minLag = config['min.compaction.lag.ms'];
      const maxLag = config['max.compaction.lag.ms'];
      if (minLag !== undefined && maxLag !== undefined && Number(minLag) > Number(maxLag)) {
        problem(at('config'), 'min.compaction.lag.ms is above max.compaction.lag.ms');
      }
    });

    for (const [env, spec] of Object.entries(file.environments)) {
      checkConfig(spec.config, ['environments', env, 'config']);
      for (const [name, override] of Object.entries(spec.topics)) {
        if (!names.has(name)) problem(['environments', env, 'topics', name], `"${name}" is not in topics`);
        if (override.config) checkConfig(override.config, ['environments', env, 'topics', name, 'config']);
      }
      // With acks=all a producer fails outright when fewer replicas than this exist.
      const minIsr = spec.config['min.insync.replicas'];
      if (minIsr !== undefined && Number(minIsr) > spec.replicationFactor) {
        problem(['environments', env, 'config', 'min.insync.replicas'], 'is above the replicationFactor');
      }
    }
  });

export type TopicCatalogFile = z.infer<typeof topicCatalogFileSchema>;
