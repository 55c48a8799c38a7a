/** Items by `keyOf`, each group in the order given. */
function groupByKey<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

/**
 * Runs `work` over every group, up to `concurrency` groups at once. Every group runs to its end (or
 * first failure) before this settles; the first failure is then thrown, so the caller never commits
 * a partial batch.
 */
async function runGroups<T>(
  groups: T[][],
  concurrency: number,
  work: (group: T[]) => Promise<void>,
): Promise<void> {
  const queue = [...groups];
  const failures: unknown[] = [];
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      try {
        await work(group);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  if (failures.length > 0) throw failures[0];
}

/**
 * Runs `apply` over items so that items sharing a key run one after another, in the order given,
 * while up to `concurrency` keys run at once. Every group runs to its end (or first failure) before
 * this settles; the first failure is then thrown, so the caller never commits a partial batch.
 */
export function applyPerKey<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  concurrency: number,
  apply: (item: T) => Promise<void>,
): Promise<void> {
  return runGroups(groupByKey(items, keyOf), concurrency, async (group) => {
    for (const item of group) await apply(item);
  });
}

/**
 * Like `applyPerKey`, but a key's items are tried newest first (`newer(a, b) > 0` when a replaces b)
 * and only until one settles: `apply` returns false for an item it had to refuse, and the next
 * newest is tried. The older items are `superseded`. For writes conditional on being newer than what
 * the table holds, the table ends as if every item had been written in order, with one write per key
 * instead of one per change: a backlog of one hot item drains at the pace of its keys, not its changes.
 */
export function applyNewestPerKey<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  newer: (a: T, b: T) => number,
  concurrency: number,
  apply: (item: T) => Promise<boolean>,
  superseded: (item: T) => void,
): Promise<void> {
  const newestFirst = groupByKey(items, keyOf).map((group) => group.sort((a, b) => newer(b, a)));
  return runGroups(newestFirst, concurrency, async (group) => {
    for (let i = 0; i < group.length; i++) {
      if (!(await apply(group[i] as T))) continue;
      for (const older of group.slice(i + 1)) superseded(older);
      return;
    }
  });
}
