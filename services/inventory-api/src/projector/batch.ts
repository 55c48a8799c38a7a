/**
 * Runs `apply` over items so that items sharing a key run one after another, in the order given,
 * while up to `concurrency` keys run at once. Every group runs to its end (or first failure) before
 * this settles; the first failure is then thrown, so the caller never commits a partial batch.
 */
export async function applyPerKey<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  concurrency: number,
  apply: (item: T) => Promise<void>,
): Promise<void> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const queue = [...groups.values()];
  const failures: unknown[] = [];
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      try {
        for (const item of group) await apply(item);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  if (failures.length > 0) throw failures[0];
}
