import { performance } from 'node:perf_hooks';
import { createPool, type Pool, type PoolOptions } from 'mysql2/promise';
import { eventAccess } from './access';
import { TokenBucket } from './bucket';
import { eventChanges } from './changes';
import type { Clock } from './context';
import { CreatedIds, runEvent } from './executor';
import { Workload } from './model';
import { parseSimulateOptions, type SimulateOptions } from './options';
import { readSnapshot, resolveTenants } from './read-snapshot';
import { type SimulationProgress, type SimulationReport, Tally } from './report';
import { RowOrder } from './row-order';

export interface SimulateDeps {
  /** A pool from `simulationPool` (it needs multiple statements per query). */
  pool: Pool;
  /** Business times written into rows (ordered_at, shipped_at, ...); the wall clock by default. */
  clock?: Clock;
  /** Called every `progressIntervalMs` while running. */
  onProgress?: (progress: SimulationProgress) => void;
  /** Called once the snapshot is read, before the first event. */
  onStart?: (tenants: readonly string[]) => void;
}

/** Wall-clock epoch milliseconds with microseconds (Date.now has only milliseconds). */
export const wallClock: Clock = () => performance.timeOrigin + performance.now();

/** Events dispatched but not finished, per connection: enough that waiting on a busy row never idles a connection. */
const windowPerConnection = 4;

/**
 * Runs the GlobalMart workload against MariaDB at `rate` row changes per second until the duration,
 * the number of changes or the signal says stop; then lets the transactions in flight finish and
 * reports what committed.
 */
export async function simulate(options: SimulateOptions, deps: SimulateDeps): Promise<SimulationReport> {
  const config = parseSimulateOptions(options);
  const { pool } = deps;
  await pool.query('SELECT 1; SELECT 2').catch((error: unknown) => {
    throw new Error(`simulate needs a pool with multipleStatements (see simulationPool): ${String(error)}`);
  });
  const tenants = await resolveTenants(pool, config.tenants);
  const workload = new Workload(config.seed, await readSnapshot(pool, tenants), deps.clock ?? wallClock);
  deps.onStart?.(tenants);

  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const bucket = new TokenBucket(config.rate, Math.max(50, config.rate / 10), () => performance.now());
  const order = new RowOrder();
  const ids = new CreatedIds();
  const tally = new Tally();
  const window = config.connections * windowPerConnection;
  let inFlight = 0;
  let dispatched = 0;
  const waiters: (() => void)[] = [];
  const finished = new Set<Promise<void>>();

  const stopReason = (): SimulationReport['stoppedBy'] | undefined => {
    if (config.signal?.aborted) return 'signal';
    if (config.durationMs !== undefined && elapsed() >= config.durationMs) return 'duration';
    if (config.changes !== undefined && dispatched >= config.changes) return 'changes';
    return undefined;
  };

  let last = { at: 0, changes: 0 };
  const progress = setInterval(() => {
    const at = elapsed();
    const recentRate = ((tally.changes - last.changes) * 1000) / Math.max(1, at - last.at);
    last = { at, changes: tally.changes };
    deps.onProgress?.({
      elapsedMs: at,
      events: tally.events,
      changes: tally.changes,
      rate: (tally.changes * 1000) / Math.max(1, at),
      recentRate,
      failed: tally.failed,
    });
  }, config.progressIntervalMs);
  progress.unref();

  let stoppedBy = stopReason();
  try {
    while (stoppedBy === undefined) {
      const event = workload.next();
      const changes = eventChanges(event);
      for (
        let wait = bucket.take(changes);
        wait > 0 && stoppedBy === undefined;
        wait = bucket.take(changes)
      ) {
        await pause(wait, config.signal);
        stoppedBy = stopReason();
      }
      if (stoppedBy !== undefined) break;
      while (inFlight >= window) await new Promise<void>((resolve) => waiters.push(resolve));

      inFlight++;
      dispatched += changes;
      let finish = () => {};
      const done = new Promise<void>((resolve) => {
        finish = resolve;
      });
      finished.add(done);
      order
        .enter(eventAccess(event), done)
        .then(() => runEvent(pool, event, ids))
        .catch((error: unknown) => ({ ok: false as const, retries: 0, error: String(error) }))
        .then((outcome) => tally.record(event, outcome))
        .finally(() => {
          inFlight--;
          finished.delete(done);
          finish();
          waiters.shift()?.();
        });
      stoppedBy = stopReason();
    }
  } finally {
    // Whatever stopped the loop, transactions already sent finish and are counted.
    await Promise.all(finished);
    clearInterval(progress);
  }

  const elapsedMs = elapsed();
  return {
    seed: config.seed,
    tenants,
    targetRate: config.rate,
    elapsedMs,
    events: tally.events,
    changes: tally.changes,
    rate: (tally.changes * 1000) / Math.max(1, elapsedMs),
    tables: tally.tables,
    kinds: tally.kinds,
    retries: tally.retries,
    failed: tally.failed,
    failures: tally.failures,
    stoppedBy,
  };
}

/** Waits `ms`, or less if the signal aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A pool the simulator can use: one transaction per round trip needs multiple statements per query. */
export function simulationPool(connection: PoolOptions, connections = 8): Pool {
  return createPool({
    ...connection,
    multipleStatements: true,
    connectionLimit: connections,
    supportBigNumbers: true,
    dateStrings: true,
  });
}
