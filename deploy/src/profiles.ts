/**
 * Alert windows per environment. Production: Prometheus evaluating every 30 s to 1 min, windows of
 * minutes. Local (`lakestream up`, the e2e tests, the local overlay): the stack's Prometheus scrapes
 * and evaluates every 5 s and lake-sink commits every 5 s (COMMIT_INTERVAL_SECONDS), so windows of
 * tens of seconds are still several commits and scrapes wide.
 *
 * Durations are seconds. `step` is the promtool tests' sample interval and evaluation interval.
 */
export interface Profile {
  name: 'production' | 'local';
  step: number;
  /** Services whose absence is an alert (the local pipeline runs no enricher yet). */
  services: readonly string[];
  /** Window of rate() and increase() where no other is given. */
  rateWindow: number;
  lagGrowing: { window: number; for: number; min: number };
  lagHigh: { bound: number; for: number };
  deadLetters: { perMinute: number; for: number };
  noLakeCommit: { window: number; for: number };
  conflicts: { window: number; max: number; for: number };
  throttled: { perSecond: number; for: number };
  api5xx: { ratio: number; for: number };
  apiLatency: { p99Seconds: number; for: number };
  down: { for: number; absentFor: number };
}

const ALL_SERVICES = ['cdc-ingest', 'enricher', 'lake-sink', 'projector', 'inventory-api'] as const;

export const PRODUCTION: Profile = {
  name: 'production',
  step: 60,
  services: ALL_SERVICES,
  rateWindow: 5 * 60,
  lagGrowing: { window: 15 * 60, for: 15 * 60, min: 10_000 },
  lagHigh: { bound: 1_000_000, for: 10 * 60 },
  deadLetters: { perMinute: 1, for: 10 * 60 },
  noLakeCommit: { window: 10 * 60, for: 5 * 60 },
  conflicts: { window: 10 * 60, max: 20, for: 10 * 60 },
  throttled: { perSecond: 1, for: 10 * 60 },
  api5xx: { ratio: 0.01, for: 5 * 60 },
  apiLatency: { p99Seconds: 0.25, for: 10 * 60 },
  down: { for: 2 * 60, absentFor: 5 * 60 },
};

export const LOCAL: Profile = {
  name: 'local',
  step: 5,
  services: ['cdc-ingest', 'lake-sink', 'projector', 'inventory-api'],
  rateWindow: 30,
  lagGrowing: { window: 60, for: 60, min: 1_000 },
  lagHigh: { bound: 50_000, for: 60 },
  deadLetters: { perMinute: 60, for: 30 },
  noLakeCommit: { window: 30, for: 30 },
  conflicts: { window: 60, max: 10, for: 30 },
  throttled: { perSecond: 1, for: 30 },
  api5xx: { ratio: 0.05, for: 30 },
  apiLatency: { p99Seconds: 0.5, for: 60 },
  down: { for: 15, absentFor: 30 },
};

/** Prometheus' duration syntax: 90 → `90s`, 600 → `10m`, 7200 → `2h`. */
export function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
