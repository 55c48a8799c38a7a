import type { StructuredLog } from '@lakestream/runtime';
import { type StockEventSource, StockFeedError, type TenantStockEvent } from './stock-event';

export type FeedStatus =
  | { state: 'idle' }
  | { state: 'starting' }
  | { state: 'running' }
  /** `attempts`: failed starts in a row, the one that set `reason` included. */
  | { state: 'unavailable'; reason: string; attempts: number }
  | { state: 'stopped' };

export interface StockFeed {
  /** Starts the source in the background and keeps restarting it until stop; never throws. */
  start(sink: (change: TenantStockEvent) => void): void;
  status(): FeedStatus;
  /** Called each time the feed leaves `running`: changes stop flowing until it runs again. */
  onStopped(listener: () => void): void;
  /** Stops retrying and stops the source; does not wait for a start in flight to give up. */
  stop(): Promise<void>;
}

export interface StockFeedOptions {
  log: StructuredLog;
  /** Wait before the nth restart (1-based); replaceable so tests need not wait. */
  backoffMs?: (attempt: number) => number;
}

// Exponential to half a minute, jittered so a fleet that lost Kafka together does not return in step.
const defaultBackoff = (attempt: number) =>
  Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.8 + 0.4 * Math.random());

const reasonOf = (error: unknown) =>
  error instanceof StockFeedError ? error.reason : 'the stock events consumer failed';

/**
 * Runs the stock event source so that the API never depends on it: the read routes serve whether
 * or not Kafka is there, and the event stream route asks `status()` and answers 503 with the reason
 * until the feed runs. Failed starts and failures of a running source are retried with backoff,
 * for as long as the app lives. One log line per change of state or reason, not per attempt: an
 * outage of an hour is one warning, and its end one more line.
 */
export function stockFeed(source: StockEventSource, options: StockFeedOptions): StockFeed {
  const { log } = options;
  const backoff = options.backoffMs ?? defaultBackoff;
  const stoppedListeners: (() => void)[] = [];
  let status: FeedStatus = { state: 'idle' };
  let stopping = false;
  let wake: (() => void) | undefined;

  function enter(next: FeedStatus, error?: unknown): void {
    const previous = status;
    status = next;
    const same =
      previous.state === next.state &&
      (next.state !== 'unavailable' || (previous.state === 'unavailable' && previous.reason === next.reason));
    if (same) return;
    if (next.state === 'unavailable') {
      log.warn(
        { event: 'stock_feed_unavailable', reason: next.reason, err: error },
        `stock events unavailable: ${next.reason}; retrying`,
      );
    } else {
      log.info({ event: `stock_feed_${next.state}` }, `stock events ${next.state}`);
    }
    if (previous.state === 'running') for (const listener of stoppedListeners) listener();
  }

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function supervise(sink: (change: TenantStockEvent) => void): Promise<void> {
    for (let failures = 0; !stopping; ) {
      let lost: (error: Error) => void = () => undefined;
      const failedLater = new Promise<Error>((resolve) => {
        lost = resolve;
      });
      let failure: unknown;
      try {
        await source.start(sink, (error) => lost(error));
        if (stopping) break;
        enter({ state: 'running' });
        failures = 0;
        const stopped = new Promise<undefined>((resolve) => {
          wake = () => resolve(undefined);
        });
        failure = await Promise.race([failedLater, stopped]);
      } catch (error) {
        failure = error;
      }
      if (stopping) break;
      failures++;
      enter({ state: 'unavailable', reason: reasonOf(failure), attempts: failures }, failure);
      // A half-started source (a consumer that never joined) holds connections until stopped.
      await source.stop().catch(() => undefined);
      if (!stopping) await pause(backoff(failures));
    }
    await source.stop().catch(() => undefined);
  }

  return {
    start(sink) {
      if (status.state !== 'idle') return;
      enter({ state: 'starting' });
      void supervise(sink).catch((error: unknown) =>
        log.error({ event: 'stock_feed_failed', err: error }, 'stock events supervisor failed'),
      );
    },
    status: () => status,
    onStopped(listener) {
      stoppedListeners.push(listener);
    },
    async stop() {
      stopping = true;
      wake?.();
      if (status.state !== 'idle') enter({ state: 'stopped' });
      await source.stop().catch(() => undefined);
    },
  };
}
