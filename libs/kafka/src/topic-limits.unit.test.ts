import { type DescribedLimits, kafkaDefaultMaxMessageBytes, topicLimits } from './topic-limits';

/** A cluster with these topics, counting what it is asked. */
function cluster(topics: Record<string, number>, brokerDefault = 1_048_588) {
  const asked: string[][] = [];
  const existing = new Map(Object.entries(topics));
  return {
    asked,
    existing,
    describe: async (wanted: string[]): Promise<DescribedLimits> => {
      asked.push(wanted);
      return {
        topics: new Map(wanted.flatMap((t) => (existing.has(t) ? [[t, existing.get(t) as number]] : []))),
        brokerDefault,
      };
    },
  };
}

describe('topicLimits', () => {
  it('reads the topics given at start in one request, then answers from what it read', async () => {
    const c = cluster({ dlq: 1_000_000, out: 5_000_000 });
    const limits = topicLimits({ describe: c.describe });
    await limits.load(['dlq', 'out']);
    expect(await limits.of('dlq')).toBe(1_000_000);
    expect(await limits.of('out')).toBe(5_000_000);
    expect(c.asked).toEqual([['dlq', 'out']]);
    expect(limits.smallest()).toBe(1_000_000);
  });

  it('asks once for a topic met later, however many records ask at the same time', async () => {
    const c = cluster({ late: 2_000_000 });
    const limits = topicLimits({ describe: c.describe });
    expect(await Promise.all([limits.of('late'), limits.of('late'), limits.of('late')])).toEqual([
      2_000_000, 2_000_000, 2_000_000,
    ]);
    await limits.of('late');
    expect(c.asked).toEqual([['late']]);
  });

  it('gives a topic that does not exist the broker default, and asks again once it may exist', async () => {
    const c = cluster({}, 3_000_000);
    const limits = topicLimits({ describe: c.describe });
    expect(await limits.of('auto')).toBe(3_000_000);
    c.existing.set('auto', 500_000);
    expect(await limits.of('auto')).toBe(500_000);
    expect(await limits.of('auto')).toBe(500_000);
    expect(c.asked).toEqual([['auto'], ['auto']]);
  });

  it('does not remember a failed question', async () => {
    let fail = true;
    const limits = topicLimits({
      describe: async () => {
        if (fail) throw new Error('broker unreachable');
        return { topics: new Map([['t', 700_000]]), brokerDefault: 1_048_588 };
      },
    });
    await expect(limits.of('t')).rejects.toThrow('broker unreachable');
    fail = false;
    expect(await limits.of('t')).toBe(700_000);
  });

  it('uses the override for every topic without asking the cluster', async () => {
    const c = cluster({ t: 5_000_000 });
    const limits = topicLimits({ describe: c.describe, override: 64 * 1024 });
    await limits.load(['t']);
    expect(await limits.of('t')).toBe(64 * 1024);
    expect(limits.smallest()).toBe(64 * 1024);
    expect(c.asked).toEqual([]);
  });

  it('learns from a refusal that the limit is below the refused size, whatever it read', async () => {
    const c = cluster({ t: 5_000_000 });
    const limits = topicLimits({ describe: c.describe, override: 8_000_000 });
    limits.refused('t', 1_200_000);
    expect(await limits.of('t')).toBe(1_199_999);
    limits.refused('t', 2_000_000);
    expect(await limits.of('t')).toBe(1_199_999);
    expect(limits.smallest()).toBe(1_199_999);
  });

  it("assumes Kafka's default before anything is known", () => {
    expect(topicLimits({ describe: cluster({}).describe }).smallest()).toBe(kafkaDefaultMaxMessageBytes);
  });
});
