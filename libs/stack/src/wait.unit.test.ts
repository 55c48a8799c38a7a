import { DeadlineError, waitFor } from './wait';

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
