import type { TopicCatalog } from '@lakestream/schemas';
import { kafkaErrorMessage, type TopicsAdmin } from './admin';
import { type ClusterTopic, planTopics, type TopicAction, type TopicPlan } from './plan';
import { describeAction, renderPlan, renderWarnings } from './render';

export interface ApplyOutcome {
  plan: TopicPlan;
  applied: TopicAction[];
  failed: { action: TopicAction; error: string }[];
}

/** Reads the part of the cluster the catalog is about: its topics and anything under its prefixes. */
export const readCluster = (admin: TopicsAdmin, catalog: TopicCatalog): Promise<ClusterTopic[]> =>
  admin.describeTopics({ names: catalog.topics.map((t) => t.name), prefixes: catalog.managedPrefixes });

async function run(admin: TopicsAdmin, action: TopicAction): Promise<void> {
  switch (action.kind) {
    case 'create':
      return admin.create(action.topic);
    case 'addPartitions':
      return admin.addPartitions(action.topic, action.to);
    case 'alterConfigs':
      return admin.alterConfigs(action.topic, action.changes);
    case 'delete':
      return admin.delete(action.topic);
  }
}

/**
 * Runs a plan's actions one at a time, printing a line per action as it finishes. A failed action is
 * reported and the rest still run (each touches one topic), so one bad topic does not hold up others.
 */
export async function applyPlan(
  admin: TopicsAdmin,
  plan: TopicPlan,
  write: (line: string) => void,
  now: () => number = Date.now,
): Promise<ApplyOutcome> {
  const begun = now();
  const stamp = () => `[${((now() - begun) / 1000).toFixed(1).padStart(5)}s]`;
  const outcome: ApplyOutcome = { plan, applied: [], failed: [] };
  for (const action of plan.actions) {
    try {
      await run(admin, action);
      outcome.applied.push(action);
      write(`${stamp()} done   ${describeAction(action)}`);
    } catch (error) {
      const message = kafkaErrorMessage(error);
      outcome.failed.push({ action, error: message });
      write(`${stamp()} FAILED ${describeAction(action)}: ${message}`);
    }
  }
  return outcome;
}

export interface ReconcileOptions {
  prune?: boolean;
  dryRun?: boolean;
}

/** `topics apply`: plan against the live cluster, print warnings, then apply (unless a dry run). */
export async function reconcileTopics(
  admin: TopicsAdmin,
  catalog: TopicCatalog,
  options: ReconcileOptions,
  write: (line: string) => void,
): Promise<ApplyOutcome> {
  const plan = planTopics(catalog, await readCluster(admin, catalog), { prune: options.prune });
  if (options.dryRun || plan.actions.length === 0) {
    for (const line of renderPlan(plan)) write(line);
    return { plan, applied: [], failed: [] };
  }
  for (const line of renderWarnings(plan)) write(line);
  return applyPlan(admin, plan, write);
}
