import { dayMs } from './clock';
import type { Random } from './prng';

/** What every part of the generator shares: its random stream, the size knob and the time window. */
export interface SeedContext {
  rng: Random;
  scale: number;
  /** Last millisecond of the seeded period (UTC). */
  periodEnd: number;
  /** First millisecond of the period that fx rates and orders cover. */
  periodStart: number;
}

export const periodDays = 90;

export function periodStartFor(periodEnd: number): number {
  return periodEnd + 1 - periodDays * dayMs;
}

/** A row count for `base` rows at scale 1, of which this tenant holds `share`; never below `min`. */
export function scaledCount(ctx: SeedContext, base: number, share: number, min: number): number {
  return Math.max(min, Math.round(base * ctx.scale * share));
}
