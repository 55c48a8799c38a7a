import { isSettling, whenSettled } from './settling';

const settling = Object.assign(new Error('This server is not the leader for that topic-partition'), {
  type: 'NOT_LEADER_FOR_PARTITION',
});

describe('whenSettled', () => {
  it('calls again while the broker is settling, and returns the answer once it has settled', async () => {
    let calls = 0;
    const waits: number[] = [];
    const answer = await whenSettled(
      async () => {
        calls += 1;
        if (calls < 3) throw settling;
        return 'offsets';
      },
      { wait: async (ms) => void waits.push(ms) },
    );
    expect(answer).toBe('offsets');
    expect(waits).toEqual([200, 400]);
  });

  it('throws any other error at once', async () => {
    let calls = 0;
    const refused = Object.assign(new Error('no'), { type: 'TOPIC_AUTHORIZATION_FAILED' });
    await expect(
      whenSettled(async () => {
        calls += 1;
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it('gives up with the last error once the deadline has passed', async () => {
    let clock = 0;
    const failing = whenSettled(
      async () => {
        throw settling;
      },
      {
        timeoutMs: 1_000,
        now: () => clock,
        wait: async (ms) => {
          clock += ms;
        },
      },
    );
    await expect(failing).rejects.toBe(settling);
    expect(clock).toBeGreaterThanOrEqual(1_000);
  });

  it('finds the settling answer inside a wrapping error', () => {
    expect(isSettling(Object.assign(new Error('retries exceeded'), { cause: settling }))).toBe(true);
    expect(isSettling(new Error('plain'))).toBe(false);
  });
});
