import type { TableIdentifier } from '@lakestream/iceberg';

/**
 * What a housekeeping run did, told to `onDone` once it has committed and cleaned up. The hook for
 * the audit trail and lineage (a later issue): the commands pass nothing yet.
 */
export interface HousekeepingEvent {
  action: 'expire' | 'compact' | 'orphans';
  table: TableIdentifier;
  dryRun: boolean;
  /** The snapshot the action committed, if it committed one. */
  snapshotId?: bigint;
  /** Files removed (or, in a dry run, that would be). */
  filesRemoved: number;
  detail: Record<string, number | string>;
}

export type HousekeepingHook = (event: HousekeepingEvent) => void | Promise<void>;
