import { closedLoop, closedLoopRow } from './closed-loop';

describe('closedLoop', () => {
  it('keeps `concurrency` calls in flight until the time is up, and times each', async () => {
    let clock = 0;
    let inFlight = 0;
    let most = 0;
    const result = await closedLoop(
      3,
      1,
      async (n) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await Promise.resolve();
        clock += 10; // every call takes 10 ms of the fake clock
        inFlight -= 1;
        if (n % 10 === 9) throw new Error('refused');
      },
      () => clock,
    );
    expect(most).toBe(3);
    expect(result.calls).toBeGreaterThanOrEqual(100);
    expect(result.errors).toBe(Math.floor(result.calls / 10));
    expect(result.latencies.length).toBe(result.calls - result.errors);
    expect(closedLoopRow({ calls: 110, errors: 10, seconds: 2, latencies: [1, 2, 3, 4] })).toEqual([
      '50',
      '2',
      '4',
      '4',
      '10',
    ]);
  });
});
