import type { Random } from '../prng';
import type { Change, EventKind, RowRef, SimEvent } from './changes';
import type { SimOrder, SimPayment, TenantWorld, World } from './world';

/** Epoch milliseconds, possibly fractional (microseconds are kept). */
export type Clock = () => number;

export type LifecycleStep = 'pay' | 'transfer' | 'ship' | 'deliver' | 'cancel' | 'return' | 'purge';

export interface Task {
  step: LifecycleStep;
  order: SimOrder;
  payment?: SimPayment;
}

/** What every event builder shares: the world, its own random stream, the clock and the scheduler. */
export interface ModelContext {
  world: World;
  rng: Random;
  now: Clock;
  /** Names the next row this run inserts into an AUTO_INCREMENT table. */
  newRef(): RowRef;
  /** Runs `task` after `delay` further events. */
  schedule(task: Task, delay: number): void;
}

/** A draft the model numbers when it emits it. */
export interface Draft {
  kind: EventKind;
  tenantId: string;
  changes: Change[];
}

export const draft = (kind: EventKind, tenant: TenantWorld, changes: Change[]): Draft => ({
  kind,
  tenantId: tenant.id,
  changes,
});

export const numbered = (d: Draft, seq: number): SimEvent => ({ seq, ...d });

/** DATETIME(6) text, e.g. '2026-12-06 02:49:20.123456' (UTC wall clock). */
export function sqlMicros(epochMs: number): string {
  const micros = Math.round(epochMs * 1000);
  const ms = Math.floor(micros / 1000);
  const sub = micros - ms * 1000;
  return `${new Date(ms).toISOString().slice(0, 23).replace('T', ' ')}${String(sub).padStart(3, '0')}`;
}

/** Shelf prices end in .99 (as catalog.ts makes them); never below 0.99. */
export function charmPrice(cents: number): number {
  return Math.max(99, Math.round(cents / 100) * 100 - 1);
}
