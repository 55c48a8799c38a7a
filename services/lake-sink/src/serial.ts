/**
 * One lane for everything that touches the buffers and tables: batches, timed flushes, resyncs. A
 * batch waiting for the lane keeps heartbeating, so a slow S3 never costs the group membership.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  private running = 0;

  get busy() {
    return this.running > 0;
  }

  async run<T>(heartbeat: (() => Promise<void>) | undefined, work: () => Promise<T>): Promise<T> {
    this.running += 1;
    const beat = heartbeat
      ? setInterval(() => {
          heartbeat().catch(() => undefined); // a rebalance shows up as a stale batch or a resync
        }, 2_000)
      : undefined;
    const previous = this.tail;
    let release: () => void = () => undefined;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await previous;
      return await work();
    } finally {
      if (beat) clearInterval(beat);
      this.running -= 1;
      release();
    }
  }
}
