/**
 * Heartbeats while one fetched batch is worked on. kafkajs heartbeats only between batches, so a
 * batch that outlasts the session (a transform waiting for replicated state, a slow machine) gets
 * its member expelled mid-work: its partitions move, and every rejoin reads the batch again.
 * kafkajs's `heartbeat()` sends nothing until its interval has passed, so asking often is cheap.
 */
export interface KeepAlive {
  /**
   * Throws what a heartbeat met (a rebalance, an expulsion): a batch must not commit after the group
   * moved on without it; thrown from eachBatch, kafkajs rejoins the group.
   */
  check(): void;
  /** Stops beating; waits for a heartbeat in flight. */
  stop(): Promise<void>;
}

export function keepAlive(heartbeat: () => Promise<void>, everyMs: number): KeepAlive {
  let failure: unknown;
  let beating: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (beating !== undefined || failure !== undefined) return;
    beating = heartbeat()
      .catch((error: unknown) => {
        failure = error;
      })
      .finally(() => {
        beating = undefined;
      });
  }, everyMs);
  timer.unref();
  return {
    check() {
      if (failure !== undefined) throw failure;
    },
    async stop() {
      clearInterval(timer);
      await beating;
    },
  };
}
