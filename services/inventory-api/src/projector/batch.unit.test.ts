import { applyNewestPerKey } from './batch';

interface Write {
  key: string;
  ordinal: number;
  refused?: boolean;
}

async function run(items: Write[], concurrency = 4) {
  const written: Write[] = [];
  const superseded: Write[] = [];
  const refused: Write[] = [];
  await applyNewestPerKey(
    items,
    (w) => w.key,
    (a, b) => a.ordinal - b.ordinal,
    concurrency,
    async (w) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (w.refused) {
        refused.push(w);
        return false;
      }
      written.push(w);
      return true;
    },
    (w) => superseded.push(w),
  );
  return { written, superseded, refused };
}

describe('applying only the newest write per key', () => {
  it('writes each key once, its newest item whatever the order it came in', async () => {
    const { written, superseded } = await run([
      { key: 'a', ordinal: 1 },
      { key: 'b', ordinal: 2 },
      { key: 'a', ordinal: 5 },
      { key: 'a', ordinal: 3 },
      { key: 'c', ordinal: 4 },
    ]);
    expect(written.map((w) => `${w.key}@${w.ordinal}`).sort()).toEqual(['a@5', 'b@2', 'c@4']);
    expect(superseded.map((w) => `${w.key}@${w.ordinal}`).sort()).toEqual(['a@1', 'a@3']);
  });

  it('falls back to the next newest when the newest is refused, as writing in order would leave it', async () => {
    const { written, superseded, refused } = await run([
      { key: 'a', ordinal: 1 },
      { key: 'a', ordinal: 2 },
      { key: 'a', ordinal: 3, refused: true },
      { key: 'b', ordinal: 1, refused: true },
    ]);
    expect(written).toEqual([{ key: 'a', ordinal: 2 }]);
    expect(superseded).toEqual([{ key: 'a', ordinal: 1 }]);
    expect(refused.map((w) => `${w.key}@${w.ordinal}`).sort()).toEqual(['a@3', 'b@1']);
  });

  it('runs different keys at once, up to the concurrency', async () => {
    let running = 0;
    let most = 0;
    await applyNewestPerKey(
      Array.from({ length: 20 }, (_, i) => ({ key: `k${i % 10}`, ordinal: i })),
      (w) => w.key,
      (a, b) => a.ordinal - b.ordinal,
      3,
      async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        return true;
      },
      () => undefined,
    );
    expect(most).toBe(3);
  });

  it('throws the first failure once every key has run, so no partial batch is committed', async () => {
    const done: string[] = [];
    await expect(
      applyNewestPerKey(
        [
          { key: 'a', ordinal: 1 },
          { key: 'b', ordinal: 1 },
        ],
        (w) => w.key,
        (a, b) => a.ordinal - b.ordinal,
        1,
        async (w) => {
          if (w.key === 'a') throw new Error('DynamoDB down');
          done.push(w.key);
          return true;
        },
        () => undefined,
      ),
    ).rejects.toThrow('DynamoDB down');
    expect(done).toEqual(['b']);
  });
});
