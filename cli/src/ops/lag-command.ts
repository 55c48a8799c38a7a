import { groupLag, type PartitionLag } from '@lakestream/kafka';
import { renderTable } from '@lakestream/stack';
import type { Admin } from 'kafkajs';

/** The pipeline's own groups start with this; test and ad-hoc groups are left out unless asked for. */
export const PIPELINE_GROUP_PREFIX = 'lakestream-';

export interface LagOptions {
  /** Only these groups; else every group of the pipeline (or of the cluster with `all`). */
  groups: readonly string[];
  all: boolean;
}

/** `lakestream lag`: per group, topic and partition, what the group committed, the end, and the gap. */
export async function lagCommand(
  admin: Admin,
  options: LagOptions,
  out: (line: string) => void,
): Promise<number> {
  const groups =
    options.groups.length > 0
      ? options.groups
      : (await admin.listGroups()).groups
          .map((g) => g.groupId)
          .filter((g) => options.all || g.startsWith(PIPELINE_GROUP_PREFIX))
          .sort();
  if (groups.length === 0) {
    out(
      options.all
        ? 'no consumer groups'
        : `no ${PIPELINE_GROUP_PREFIX}* groups (is the pipeline up? lakestream up)`,
    );
    return 0;
  }
  const rows = await groupLag(admin, groups);
  out(renderLag(rows));
  return 0;
}

export function renderLag(rows: readonly PartitionLag[]): string {
  const totals = new Map<string, bigint>();
  for (const row of rows) totals.set(row.group, (totals.get(row.group) ?? 0n) + row.lag);
  const table = renderTable(
    ['GROUP', 'TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG'],
    rows.map((r) => [
      r.group,
      r.topic,
      String(r.partition),
      r.committed === undefined ? '-' : String(r.committed),
      String(r.end),
      String(r.lag),
    ]),
  );
  const summary = [...totals].map(([group, lag]) => `${group}: ${lag} behind`).join('\n');
  return `${table}\n\n${summary}`;
}
