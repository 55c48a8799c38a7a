import { silentLog } from '@lakestream/runtime';
import { waitFor } from '@lakestream/stack';
import { matchedTopics, topicDiscovery } from './topic-discovery';

describe('matchedTopics', () => {
  it('keeps the topics any pattern matches', () => {
    expect(matchedTopics([/^db\.a$/, /^db\.b/], ['db.a', 'db.ab', 'db.bc', 'x.db.a'])).toEqual([
      'db.a',
      'db.bc',
    ]);
  });

  it('gives the same answer for every topic with a global pattern (no lastIndex carried over)', () => {
    expect(matchedTopics([/^db\.[a-z]+$/g], ['db.a', 'db.b', 'db.c'])).toEqual(['db.a', 'db.b', 'db.c']);
  });
});

describe('topicDiscovery', () => {
  it('reports only topics that came to match after it started, each once', async () => {
    const listing = ['db.orders', 'other'];
    const reported: string[][] = [];
    const discovery = topicDiscovery({
      patterns: [/^db\./],
      list: async () => [...listing],
      discovered: async (topics) => void reported.push(topics),
      everyMs: 5,
      log: silentLog,
    });
    await discovery.start();
    listing.push('db.invoices', 'other.two');
    await waitFor(() => reported.length === 1, { what: 'the first report', timeoutMs: 5_000, intervalMs: 5 });
    listing.push('db.payments');
    await waitFor(() => reported.length === 2, {
      what: 'the second report',
      timeoutMs: 5_000,
      intervalMs: 5,
    });
    await discovery.stop();
    expect(reported).toEqual([['db.invoices'], ['db.payments']]);
  });

  it('reports a topic again when acting on it failed, and goes on after a failed listing', async () => {
    let listings = 0;
    const attempts: string[][] = [];
    const discovery = topicDiscovery({
      patterns: [/^db\./],
      list: async () => {
        listings += 1;
        if (listings === 2) throw new Error('broker away');
        return listings === 1 ? [] : ['db.new'];
      },
      discovered: async (topics) => {
        attempts.push(topics);
        if (attempts.length === 1) throw new Error('resubscribe failed');
      },
      everyMs: 5,
      log: silentLog,
    });
    await discovery.start();
    await waitFor(() => attempts.length === 2, { what: 'a second attempt', timeoutMs: 5_000, intervalMs: 5 });
    await discovery.stop();
    const after = attempts.length;
    expect(attempts.slice(0, 2)).toEqual([['db.new'], ['db.new']]);
    // Stopped: no look starts any more, so nothing is reported again.
    await new Promise((resolve) => setImmediate(resolve));
    expect(attempts.length).toBe(after);
  });
});
