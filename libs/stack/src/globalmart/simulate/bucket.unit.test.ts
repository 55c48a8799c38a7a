import { TokenBucket } from './bucket';

describe('TokenBucket', () => {
  it('holds the long-run rate whatever the sizes taken, overdrawing at most one take', () => {
    let now = 0;
    const bucket = new TokenBucket(1000, 100, () => now);
    let sent = 0;
    // 10 simulated seconds of takes of 1 to 7 changes, each waiting as long as the bucket says.
    for (let i = 0; now < 10_000; i++) {
      const size = (i % 7) + 1;
      const wait = bucket.take(size);
      if (wait > 0) now += wait;
      else sent += size;
    }
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(sent).toBeLessThanOrEqual(10_000 + 100 + 7);
  });

  it('lets a burst of at most `burst` changes through after a pause', () => {
    let now = 0;
    const bucket = new TokenBucket(1000, 50, () => now);
    now = 60_000;
    let sent = 0;
    while (bucket.take(1) === 0) sent++;
    expect(sent).toBe(51);
  });

  it('refuses a rate of 0', () => {
    expect(() => new TokenBucket(0, 10, () => 0)).toThrow(/rate must be above 0/);
  });
});
