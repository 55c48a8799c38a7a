import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TopicCatalogFile, topicCatalogFileSchema } from './catalog-schema';

export { type TopicCatalogFile, topicCatalogFileSchema };

/** `libs/schemas/topics.json`; two levels up from both `src/topics` (tests) and `dist/topics` (built). */
export const defaultTopicCatalogPath = join(__dirname, '..', '..', 'topics.json');

/** One topic as one environment wants it: the catalog's entry with the environment applied. */
export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Values of managed configs; a managed key absent here means "the broker's default". */
  config: Readonly<Record<string, string>>;
  why: string;
}

/** The catalog resolved for one environment: what `topics apply` reconciles a cluster to. */
export interface TopicCatalog {
  environment: string;
  managedPrefixes: readonly string[];
  managedConfigs: readonly string[];
  topics: readonly TopicSpec[];
}

export class TopicCatalogError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid topic catalog ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TopicCatalogError';
  }
}

/** Validates a parsed catalog file, naming every problem at once (with the topic's name, not its index). */
export function parseTopicCatalog(input: unknown, source = '(in memory)'): TopicCatalogFile {
  const parsed = topicCatalogFileSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const topics = (input as { topics?: unknown } | null)?.topics;
  const nameAt = (i: number) => {
    const name = Array.isArray(topics) ? (topics[i] as { name?: unknown } | null)?.name : undefined;
    return typeof name === 'string' ? ` (${name})` : '';
  };
  const where = (path: readonly PropertyKey[]) =>
    path
      .map((part, i) => {
        if (typeof part === 'number') return `[${part}]${path[i - 1] === 'topics' ? nameAt(part) : ''}`;
        const key = String(part);
        const text = /^[a-zA-Z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
        return i === 0 ? text : `.${text}`;
      })
      .join('');
  throw new TopicCatalogError(
    source,
    parsed.error.issues.map((issue) => `${where(issue.path) || '(file)'}: ${issue.message}`),
  );
}

/** Reads and validates a catalog file (the package's `topics.json` unless told otherwise). */
export function readTopicCatalog(path: string = defaultTopicCatalogPath): TopicCatalogFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TopicCatalogError(path, [`cannot read it: ${(error as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TopicCatalogError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseTopicCatalog(json, path);
}

/** Applies one environment: partition multiplier and overrides, replication factor, extra configs. */
export function resolveTopicCatalog(file: TopicCatalogFile, environment: string): TopicCatalog {
  const env = file.environments[environment];
  if (!env) {
    const known = Object.keys(file.environments).join(', ');
    throw new Error(`the topic catalog has no environment "${environment}" (it has: ${known})`);
  }
  return {
    environment,
    managedPrefixes: file.managedPrefixes,
    managedConfigs: file.managedConfigs,
    topics: file.topics.map((topic) => {
      const override = env.topics[topic.name];
      return {
        name: topic.name,
        partitions:
          override?.partitions ?? Math.max(1, Math.ceil(topic.partitions * env.partitionMultiplier)),
        replicationFactor: env.replicationFactor,
        config: { ...env.config, ...topic.config, ...override?.config },
        why: topic.why,
      };
    }),
  };
}

/** Whether a topic name falls under one of the catalog's prefixes (and so may be pruned). */
export const isManagedTopic = (name: string, prefixes: readonly string[]) =>
  prefixes.some((prefix) => name.startsWith(prefix));
