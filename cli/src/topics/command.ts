import { defaultTopicCatalogPath, readTopicCatalog, resolveTopicCatalog } from '@lakestream/schemas';
import { connectTopicsAdmin, kafkaErrorMessage, type TopicsAdmin } from './admin';
import { readCluster, reconcileTopics } from './apply';
import { loadTopicsConfig } from './config';
import { renderTopicList } from './render';

export const topicsUsage =
  'lakestream topics apply [--dry-run] [--prune] | list   (both take [--env <name>] [--catalog <file>])';

export interface TopicsCommandOptions {
  dryRun: boolean;
  prune: boolean;
  /** Catalog environment; else LAKESTREAM_TOPICS_ENV, else `local`. */
  env?: string;
  /** Catalog file; else the one in @lakestream/schemas. */
  catalog?: string;
}

/** `lakestream topics <command>`; returns the exit code. */
export async function topicsCommand(
  command: string | undefined,
  options: TopicsCommandOptions,
  out: (line: string) => void,
  err: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (command !== 'apply' && command !== 'list') {
    err(`usage: ${topicsUsage}`);
    return 2;
  }
  // Everything is validated before the first connection: a bad file or variable fails fast.
  const config = loadTopicsConfig(env);
  const path = options.catalog ?? defaultTopicCatalogPath;
  const environment = options.env ?? config.environment;
  const catalog = resolveTopicCatalog(readTopicCatalog(path), environment);

  let admin: TopicsAdmin;
  try {
    admin = await connectTopicsAdmin(config.brokers);
  } catch (error) {
    const hint = config.brokersFrom === 'stack' ? ' (is the local stack up? lakestream stack up)' : '';
    throw new Error(`cannot reach Kafka at ${config.brokers.join(',')}${hint}: ${kafkaErrorMessage(error)}`);
  }
  try {
    if (command === 'list') {
      out(renderTopicList(catalog, await readCluster(admin, catalog)));
      return 0;
    }
    const mode = options.dryRun ? 'dry run, nothing is changed' : options.prune ? 'with prune' : 'no deletes';
    out(`topics: ${path} (${environment}) -> ${config.brokers.join(',')} [${mode}]`);
    const outcome = await reconcileTopics(admin, catalog, options, out);
    if (outcome.failed.length > 0) {
      err(`${outcome.failed.length} of ${outcome.plan.actions.length} actions failed`);
      return 1;
    }
    return 0;
  } finally {
    await admin.close().catch(() => undefined);
  }
}
