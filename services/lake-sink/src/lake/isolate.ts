/** An item that makes the attempt fail on its own, with the error it fails with. */
export interface Culprit<T> {
  item: T;
  error: Error;
}

/**
 * The items that make `attempt` fail on their own, found by bisection: a set that fails is halved and
 * each half tried again, down to single items. One bad item among n costs about 3n items attempted
 * (the whole, then both halves of each failing half); a set that fails only as a whole, with no
 * single item to blame, yields none. A failure that retrying could fix says nothing about the items,
 * so it is thrown, not counted.
 */
export async function isolateCulprits<T>(
  items: readonly T[],
  attempt: (subset: readonly T[]) => Promise<void>,
  isTransient: (error: unknown) => boolean,
): Promise<Culprit<T>[]> {
  const culprits: Culprit<T>[] = [];
  const search = async (subset: readonly T[]): Promise<void> => {
    if (subset.length === 0) return;
    try {
      await attempt(subset);
      return;
    } catch (error) {
      if (isTransient(error)) throw error;
      if (subset.length === 1) {
        culprits.push({ item: subset[0] as T, error: error as Error });
        return;
      }
    }
    const middle = subset.length >>> 1;
    await search(subset.slice(0, middle));
    await search(subset.slice(middle));
  };
  await search(items);
  return culprits;
}
