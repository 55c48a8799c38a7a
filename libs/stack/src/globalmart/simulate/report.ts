import {
  addEventCounts,
  type EventKind,
  emptyTableCounts,
  eventChanges,
  eventKinds,
  type SimEvent,
  type TableCounts,
} from './changes';
import type { Outcome } from './executor';

export interface SimulationProgress {
  elapsedMs: number;
  /** Committed so far. */
  events: number;
  changes: number;
  /** Committed changes per second since the start, and over the last interval. */
  rate: number;
  recentRate: number;
  failed: number;
}

export interface SimulationReport {
  seed: number;
  tenants: string[];
  targetRate: number;
  elapsedMs: number;
  /** Committed events and the row changes they made. */
  events: number;
  changes: number;
  /** Committed changes per second over the whole run. */
  rate: number;
  /** Committed row changes per table and operation (c insert, u update, d delete). */
  tables: TableCounts;
  kinds: Record<EventKind, number>;
  /** Deadlocks and lock-wait timeouts that were retried. */
  retries: number;
  failed: number;
  /** The first few failures, with their reason. */
  failures: string[];
  stoppedBy: 'duration' | 'changes' | 'signal';
}

const keptFailures = 10;

/** Counts as events finish. */
export class Tally {
  events = 0;
  changes = 0;
  retries = 0;
  failed = 0;
  readonly tables = emptyTableCounts();
  readonly kinds = Object.fromEntries(eventKinds.map((k) => [k, 0])) as Record<EventKind, number>;
  readonly failures: string[] = [];

  record(event: SimEvent, outcome: Outcome): void {
    this.retries += outcome.retries;
    if (!outcome.ok) {
      this.failed++;
      if (this.failures.length < keptFailures)
        this.failures.push(`#${event.seq} ${event.kind} (${event.tenantId}): ${outcome.error}`);
      return;
    }
    this.events++;
    this.changes += eventChanges(event);
    this.kinds[event.kind]++;
    addEventCounts(this.tables, event);
  }
}
