import {
  type Catalog,
  commitWithRetries,
  IcebergError,
  identifierText,
  type LoadedTable,
  type Snapshot,
  type TableIdentifier,
} from '@lakestream/iceberg';
import type { WarehouseStorage } from '@lakestream/storage';
import { LakeError } from '../errors';
import type { HousekeepingHook } from './events';
import { referencedFiles } from './files';
import { type KeepReason, planRetention, type RetentionPolicy } from './retention';

// `lakestream expire`: drops the snapshots a retention policy does not keep, then deletes the files
// only they referenced (spec "Snapshot Expiration"... the reference implementation's ExpireSnapshots).
// Safe against a running sink: the commit only removes snapshots (requirement: the same table), so a
// sink commit in between costs a retry of the catalog swap, never a lost snapshot; and the files to
// delete are worked out after the commit, against every snapshot the table then has, including any
// written meanwhile (a new snapshot references files of its parent, which is kept, or new ones).

export interface ExpireOptions {
  catalog: Catalog;
  storage: WarehouseStorage;
  identifier: TableIdentifier;
  policy: RetentionPolicy;
  now: number;
  dryRun: boolean;
  progress?: (line: string) => void;
  onDone?: HousekeepingHook;
}

export interface ExpireReport {
  table: string;
  snapshotsBefore: number;
  expired: Snapshot[];
  kept: Map<bigint, KeepReason>;
  /** Files deleted (or, in a dry run, that would be): data, delete, manifest and manifest-list files. */
  filesDeleted: number;
  dryRun: boolean;
}

class NothingToExpire extends Error {}

/** Files referenced by `gone` and by none of `kept`. */
async function filesOnlyIn(
  storage: WarehouseStorage,
  table: LoadedTable,
  gone: readonly Snapshot[],
  kept: readonly Snapshot[],
  progress: (line: string) => void,
): Promise<string[]> {
  const report = (what: string) => (done: number, total: number) => {
    if (done === total || done % 200 === 0) progress(`read ${done}/${total} manifests of ${what} snapshots`);
  };
  const stay = await referencedFiles(storage, table.metadata, kept, { progress: report('kept') });
  const candidates = await referencedFiles(storage, table.metadata, gone, { progress: report('expired') });
  const files: string[] = [];
  for (const f of candidates.contentFiles) if (!stay.contentFiles.has(f)) files.push(f);
  for (const f of candidates.manifests) if (!stay.manifests.has(f)) files.push(f);
  for (const f of candidates.manifestLists) if (!stay.manifestLists.has(f)) files.push(f);
  return files;
}

export async function expireSnapshots(options: ExpireOptions): Promise<ExpireReport> {
  const progress = options.progress ?? (() => undefined);
  const name = identifierText(options.identifier);
  const table = await options.catalog.loadTable(options.identifier);
  if (!table) throw new LakeError('LAKE_NOT_FOUND', `no table ${name}`);
  const plan = planRetention(table.metadata, options.policy, options.now);
  const snapshotsBefore = table.metadata.snapshots?.length ?? 0;
  const report: ExpireReport = {
    table: name,
    snapshotsBefore,
    expired: plan.expire,
    kept: plan.keep,
    filesDeleted: 0,
    dryRun: options.dryRun,
  };
  progress(`${name}: ${snapshotsBefore} snapshots, ${plan.expire.length} to expire, ${plan.keep.size} kept`);
  if (plan.expire.length === 0) return report;

  if (options.dryRun) {
    const kept = (table.metadata.snapshots ?? []).filter((s) => plan.keep.has(s['snapshot-id']));
    report.filesDeleted = (await filesOnlyIn(options.storage, table, plan.expire, kept, progress)).length;
    await options.onDone?.({
      action: 'expire',
      table: options.identifier,
      dryRun: true,
      filesRemoved: report.filesDeleted,
      detail: { expired: plan.expire.length },
    });
    return report;
  }

  let committed: LoadedTable;
  try {
    committed = await commitWithRetries(options.catalog, table, async (base) => {
      // On a moved base the plan is made again: a sink commit meanwhile adds a snapshot to keep.
      const again = planRetention(base.metadata, options.policy, options.now);
      if (again.expire.length === 0) throw new NothingToExpire();
      return {
        requirements: [{ type: 'assert-table-uuid', uuid: base.metadata['table-uuid'] }],
        updates: [{ action: 'remove-snapshots', 'snapshot-ids': again.expire.map((s) => s['snapshot-id']) }],
      };
    });
  } catch (error) {
    if (error instanceof NothingToExpire) return { ...report, expired: [] };
    if (error instanceof IcebergError && error.code === 'ICEBERG_COMMIT_CONFLICT')
      throw new LakeError('LAKE_HOUSEKEEPING_CONFLICT', `${name}: ${error.message}`, { cause: error });
    throw error;
  }
  const remaining = new Set((committed.metadata.snapshots ?? []).map((s) => s['snapshot-id']));
  // Expired: what the loaded table had and the committed one has not (another expiry may have run).
  const expired = (table.metadata.snapshots ?? []).filter((s) => !remaining.has(s['snapshot-id']));
  report.expired = expired;
  progress(`${name}: committed; ${expired.length} snapshots expired, finding the files only they used`);
  const files = await filesOnlyIn(
    options.storage,
    committed,
    expired,
    committed.metadata.snapshots ?? [],
    progress,
  );
  let deleted = 0;
  for (const file of files) {
    await options.storage.remove(file);
    deleted += 1;
    if (deleted % 500 === 0 || deleted === files.length)
      progress(`${name}: deleted ${deleted}/${files.length} files`);
  }
  report.filesDeleted = deleted;
  await options.onDone?.({
    action: 'expire',
    table: options.identifier,
    dryRun: false,
    filesRemoved: deleted,
    detail: { expired: expired.length },
  });
  return report;
}
