/**
 * A token bucket in row changes per second. A take may overdraw (an event of 12 changes goes when
 * any token is left), and the debt delays the next one, so the long-run rate is exact whatever the
 * event sizes while bursts stay within `burst` changes.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    if (!(rate > 0)) throw new Error(`rate must be above 0, got ${rate}`);
    this.tokens = 0;
    this.last = now();
  }

  /** Milliseconds to wait before `changes` may go; 0 means they went (the tokens are spent). */
  take(changes: number): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
    if (this.tokens >= 0) {
      this.tokens -= changes;
      return 0;
    }
    return (-this.tokens * 1000) / this.rate;
  }
}
