import { keepAlive } from './keep-alive';

describe('keepAlive', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('heartbeats on its interval while the batch runs, and not after it stopped', async () => {
    const heartbeat = jest.fn(() => Promise.resolve());
    const alive = keepAlive(heartbeat, 1_000);
    await jest.advanceTimersByTimeAsync(3_500);
    expect(heartbeat).toHaveBeenCalledTimes(3);
    alive.check();
    await alive.stop();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(heartbeat).toHaveBeenCalledTimes(3);
  });

  it('does not overlap heartbeats: one that hangs holds the next back', async () => {
    let release: () => void = () => undefined;
    const heartbeat = jest.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const alive = keepAlive(heartbeat, 1_000);
    await jest.advanceTimersByTimeAsync(4_500);
    expect(heartbeat).toHaveBeenCalledTimes(1);
    release();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(heartbeat).toHaveBeenCalledTimes(2);
    release();
    await alive.stop();
  });

  it('keeps what a heartbeat met for the commit check: the batch must not commit', async () => {
    const expelled = Object.assign(new Error('The coordinator is not aware of this member'), {
      type: 'UNKNOWN_MEMBER_ID',
    });
    const heartbeat = jest.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce(expelled);
    const alive = keepAlive(heartbeat, 1_000);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(() => alive.check()).not.toThrow();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(() => alive.check()).toThrow(expelled);
    await jest.advanceTimersByTimeAsync(5_000);
    // Nothing more is asked of a group that has already moved on.
    expect(heartbeat).toHaveBeenCalledTimes(2);
    await alive.stop();
  });
});
