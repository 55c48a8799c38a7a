import { isolateCulprits } from './isolate';

class Permanent extends Error {}
class Outage extends Error {}
const isTransient = (error: unknown) => error instanceof Outage;

/** An attempt that fails when the subset holds a marked item, counting the items it is given. */
function marked(bad: ReadonlySet<number>) {
  const seen = { items: 0, attempts: 0 };
  const attempt = async (subset: readonly number[]) => {
    seen.attempts += 1;
    seen.items += subset.length;
    const found = subset.find((n) => bad.has(n));
    if (found !== undefined) throw new Permanent(`item ${found} is bad`);
  };
  return { attempt, seen };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('finding the items that fail on their own', () => {
  it('finds one bad item among many, in about three passes over the items', async () => {
    const { attempt, seen } = marked(new Set([613]));
    const culprits = await isolateCulprits(range(1000), attempt, isTransient);
    expect(culprits.map((c) => [c.item, c.error.message])).toEqual([[613, 'item 613 is bad']]);
    expect(seen.items).toBeLessThanOrEqual(3 * 1000);
    expect(seen.attempts).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(1000)));
  });

  it('finds every bad item, in order, and blames no good one', async () => {
    const bad = new Set([0, 1, 57, 58, 499]);
    const { attempt } = marked(bad);
    const culprits = await isolateCulprits(range(500), attempt, isTransient);
    expect(culprits.map((c) => c.item)).toEqual([0, 1, 57, 58, 499]);
  });

  it('finds none when the items all pass: the failure was not theirs', async () => {
    const { attempt, seen } = marked(new Set());
    expect(await isolateCulprits(range(10), attempt, isTransient)).toEqual([]);
    expect(seen.attempts).toBe(1);
    expect(await isolateCulprits([], attempt, isTransient)).toEqual([]);
  });

  it('finds none when only the whole fails, and no single item', async () => {
    const tooMany = async (subset: readonly number[]) => {
      if (subset.length > 6) throw new Permanent('too many at once');
    };
    expect(await isolateCulprits(range(10), tooMany, isTransient)).toEqual([]);
  });

  it('throws a transient failure rather than blame an item for it', async () => {
    let calls = 0;
    const flaky = async (subset: readonly number[]) => {
      calls += 1;
      if (calls === 3) throw new Outage('S3 is down');
      if (subset.includes(4)) throw new Permanent('4 is bad');
    };
    await expect(isolateCulprits(range(8), flaky, isTransient)).rejects.toThrow('S3 is down');
  });
});
