import { DeadlineError, StalledError, waitFor, waitWhileProgressing } from './wait';

describe('waitFor', () => {
  it('resolves with the first value the condition yields', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : false), {
      what: 'three calls',
      timeoutMs: 2000,
      intervalMs: 1,
    });
    expect(value).toBe('after 3');
  });

  it('treats a throw as not-yet and reports the last error at the deadline', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { what: 'a server', timeoutMs: 50, intervalMs: 5 },
      ),
    ).rejects.toThrow(new DeadlineError('a server', 50, new Error('connection refused')));
  });
});

describe('waitWhileProgressing', () => {
  it('outwaits its stall limit for as long as the work moves', async () => {
    let done = 0;
    const value = await waitWhileProgressing(
      () => (done >= 30 ? 'drained' : false),
      () => ++done,
      { what: 'a backlog', timeoutMs: 5_000, stallMs: 20, intervalMs: 2 },
    );
    // 30 polls at 2 ms apart take longer than the 20 ms stall limit: only progress kept it waiting.
    expect(value).toBe('drained');
  });

  it('gives up after the stall limit when the work stops, saying where it stands', async () => {
    const started = Date.now();
    await expect(
      waitWhileProgressing(
        () => false,
        () => 42,
        { what: 'a backlog', timeoutMs: 5_000, stallMs: 50, intervalMs: 5, describe: () => 'lag 42' },
      ),
    ).rejects.toThrow(new StalledError('a backlog', 50, 'lag 42'));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives up at the deadline even while the work moves', async () => {
    let n = 0;
    await expect(
      waitWhileProgressing(
        () => false,
        () => ++n,
        { what: 'a backlog', timeoutMs: 50, stallMs: 1_000, intervalMs: 5 },
      ),
    ).rejects.toThrow(DeadlineError);
  });

  it('counts a failing progress reading as no move', async () => {
    await expect(
      waitWhileProgressing(
        () => false,
        () => {
          throw new Error('broker away');
        },
        { what: 'a backlog', timeoutMs: 5_000, stallMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(StalledError);
  });
});
