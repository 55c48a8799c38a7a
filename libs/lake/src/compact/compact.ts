import {
  ancestors,
  type Catalog,
  type ContentFile,
  commitWithRetries,
  currentSchema,
  currentSnapshot,
  type DataFileEncoder,
  decodeManifest,
  EntryStatus,
  encodeDataFile,
  FileContent,
  IcebergError,
  identifierText,
  type LoadedTable,
  planFiles,
  readDataFileColumns,
  readManifestList,
  type Snapshot,
  sequenceNumberOf,
  type TableIdentifier,
} from '@lakestream/iceberg';
import type { WarehouseStorage } from '@lakestream/storage';
import { LakeError } from '../errors';
import type { HousekeepingHook } from '../housekeeping/events';
import { type Replacement, replaceBuilder } from './commit';
import { type CompactionPlan, type CompactionPolicy, planCompaction } from './plan';
import {
  type ColumnReader,
  mustRead,
  type RewrittenFile,
  readPositionDeletes,
  rewriteGroup,
  writePositionDeletes,
} from './rewrite';

// `lakestream compact <table>` (docs/decisions/0009-compaction-under-a-running-sink.md): small data
// files merged and position deletes folded in, committed as one replace snapshot. A running sink
// keeps committing meanwhile: position deletes it commits against the files being replaced are
// moved onto the new files before the replace lands (the rewrite knows where each row went), and
// the sink, seeing a replace it did not write, rebuilds its live-row index before its next commit.

export interface CompactOptions {
  catalog: Catalog;
  storage: WarehouseStorage;
  identifier: TableIdentifier;
  policy: CompactionPolicy;
  /** The Parquet codec of libs/iceberg unless given (a benchmark may measure another). */
  encode?: DataFileEncoder;
  readColumns?: ColumnReader;
  dryRun: boolean;
  now?: () => number;
  progress?: (line: string) => void;
  onDone?: HousekeepingHook;
  /** Called after the files are written, before the commit: lets a test commit in between. */
  beforeCommit?: () => Promise<void>;
}

export interface CompactReport {
  table: string;
  plan: CompactionPlan;
  rowsIn: number;
  rowsOut: number;
  filesWritten: number;
  /** Position deletes other writers committed meanwhile, moved onto the new files. */
  deletesCarried: number;
  snapshotId?: bigint;
  attempts: number;
  seconds: number;
  dryRun: boolean;
}

/** Snapshots on main after `start`, oldest first (what other writers committed while we rewrote). */
function committedSince(table: LoadedTable, start: Snapshot): Snapshot[] {
  const startSequence = sequenceNumberOf(start);
  return ancestors(table.metadata)
    .filter((s) => sequenceNumberOf(s) > startSequence)
    .reverse();
}

export async function compactTable(options: CompactOptions): Promise<CompactReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const progress = options.progress ?? (() => undefined);
  const name = identifierText(options.identifier);
  const table = await options.catalog.loadTable(options.identifier);
  if (!table) throw new LakeError('LAKE_NOT_FOUND', `no table ${name}`);
  const start = currentSnapshot(table.metadata);
  const empty = { partitions: [], skippedEqualityDeletes: 0, dataFiles: 0, deleteFiles: 0, inputBytes: 0 };
  const report: CompactReport = {
    table: name,
    plan: empty,
    rowsIn: 0,
    rowsOut: 0,
    filesWritten: 0,
    deletesCarried: 0,
    attempts: 0,
    seconds: 0,
    dryRun: options.dryRun,
  };
  if (!start) return report;
  const files = await planFiles(options.storage, table.metadata, start);
  if (!files) return report;
  const plan = planCompaction(files, table.metadata, options.policy);
  report.plan = plan;
  const groups = plan.partitions.flatMap((p) => p.groups);
  progress(
    `${name}: ${plan.dataFiles} of ${files.dataFiles.length} data files (${(plan.inputBytes / 1048576).toFixed(1)} MiB) and ${plan.deleteFiles} delete files in ${plan.partitions.length} partitions → ${groups.length} files`,
  );
  if (options.dryRun || groups.length === 0) {
    report.seconds = (now() - started) / 1000;
    return report;
  }

  const schema = currentSchema(table.metadata);
  const deps = {
    storage: options.storage,
    encode: options.encode ?? encodeDataFile,
    readColumns: options.readColumns ?? readDataFileColumns,
  };
  const deleteCache = new Map<string, Map<string, number[]>>();
  const rewritten: RewrittenFile[] = [];
  for (const group of groups) {
    const spec = table.metadata['partition-specs'].find((s) => s['spec-id'] === group.specId);
    if (!spec) throw new LakeError('LAKE_UNSUPPORTED', `${name}: no partition spec ${group.specId}`);
    const file = await rewriteGroup(
      deps,
      { location: table.location, schema, spec },
      group,
      deleteCache,
      now(),
    );
    rewritten.push(file);
    report.rowsIn += file.rowsIn;
    report.rowsOut += file.rowsOut;
    progress(
      `${name}: wrote ${rewritten.length}/${groups.length} files (${report.rowsOut} rows of ${report.rowsIn})`,
    );
  }
  deleteCache.clear();

  // Where each replaced row went: input path → (output file, its positions).
  const moved = new Map<string, { target: ContentFile; positions: Int32Array }>();
  for (const r of rewritten)
    for (const [path, positions] of r.positions) moved.set(path, { target: r.file, positions });
  const replacement: Replacement = {
    removedData: new Set(moved.keys()),
    removedDeletes: new Set(plan.partitions.flatMap((p) => p.deleteFiles.map((d) => d.file.path))),
    addedData: rewritten.map((r) => r.file),
    addedDeletes: [],
  };
  /** Per output file, the positions deleted by commits that landed after `start`. */
  const carried = new Map<string, { target: ContentFile; positions: number[] }>();
  const seenDeleteFiles = new Set<string>();
  const seenSnapshots = new Set<bigint>();

  /** Reads what other writers committed since `start` and moves their deletes of replaced rows. */
  async function carryDeletes(base: LoadedTable) {
    for (const snapshot of committedSince(base, start as Snapshot)) {
      if (seenSnapshots.has(snapshot['snapshot-id'])) continue;
      seenSnapshots.add(snapshot['snapshot-id']);
      for (const manifest of await readManifestList(options.storage, snapshot['manifest-list'])) {
        if (manifest.addedSnapshotId !== snapshot['snapshot-id']) continue;
        const spec = base.metadata['partition-specs'].find((s) => s['spec-id'] === manifest.partitionSpecId);
        if (!spec) continue;
        for (const entry of await decodeManifest(
          await mustRead(options.storage, manifest.path),
          spec,
          manifest.path,
        )) {
          const path = entry.file.path;
          if (
            entry.status === EntryStatus.Deleted &&
            (replacement.removedData.has(path) || replacement.removedDeletes.has(path))
          )
            throw new LakeError(
              'LAKE_HOUSEKEEPING_CONFLICT',
              `${name}: snapshot ${snapshot['snapshot-id']} removed ${path}, which this compaction replaces; run it again`,
            );
          if (entry.status !== EntryStatus.Added || seenDeleteFiles.has(path)) continue;
          if (entry.file.content === FileContent.EqualityDeletes)
            throw new LakeError(
              'LAKE_HOUSEKEEPING_CONFLICT',
              `${name}: equality deletes were committed meanwhile; run it again`,
            );
          if (entry.file.content !== FileContent.PositionDeletes) continue;
          seenDeleteFiles.add(path);
          for (const [dataPath, positions] of await readPositionDeletes(deps, path)) {
            const target = moved.get(dataPath);
            if (!target) continue;
            const list = carried.get(target.target.path) ?? { target: target.target, positions: [] };
            for (const pos of positions) {
              const to = target.positions[pos];
              if (to !== undefined && to >= 0) list.positions.push(to);
            }
            carried.set(target.target.path, list);
          }
        }
      }
    }
    // Only positions new since the last attempt are written, each target's in a file of its own, all
    // at once: the next sink commit is seconds away, and this attempt must land before it.
    const fresh = [...carried.values()].filter((c) => c.positions.length > 0);
    carried.clear();
    const spec = base.metadata['partition-specs'].find(
      (s) => s['spec-id'] === base.metadata['default-spec-id'],
    );
    if (fresh.length > 0 && spec) {
      const files = await Promise.all(
        fresh.map(({ target, positions }) =>
          writePositionDeletes(deps, { location: base.location, schema, spec }, target, positions, now()),
        ),
      );
      // A new array: the manifest of added deletes is written again only when this changes.
      replacement.addedDeletes = [...replacement.addedDeletes, ...files];
      const total = fresh.reduce((n, c) => n + c.positions.length, 0);
      report.deletesCarried += total;
      progress(`${name}: moved ${total} position deletes committed meanwhile onto the new files`);
    }
  }

  const replace = replaceBuilder(options.storage, replacement);
  await options.beforeCommit?.();
  try {
    const committed = await commitWithRetries(
      options.catalog,
      (await options.catalog.loadTable(options.identifier)) ?? table,
      async (base) => {
        report.attempts += 1;
        await carryDeletes(base);
        return replace.build(base);
      },
      {
        onConflict: (attempt) =>
          progress(
            `${name}: another writer committed first (attempt ${attempt}); building again on its snapshot`,
          ),
      },
    );
    report.snapshotId = currentSnapshot(committed.metadata)?.['snapshot-id'];
  } catch (error) {
    if (error instanceof IcebergError && error.code === 'ICEBERG_COMMIT_CONFLICT')
      throw new LakeError('LAKE_HOUSEKEEPING_CONFLICT', `${name}: ${error.message}`, { cause: error });
    throw error;
  }
  report.filesWritten = rewritten.length + replacement.addedDeletes.length;
  report.seconds = (now() - started) / 1000;
  progress(`${name}: committed replace snapshot ${report.snapshotId} in ${report.seconds.toFixed(1)} s`);
  await options.onDone?.({
    action: 'compact',
    table: options.identifier,
    dryRun: false,
    filesRemoved: replacement.removedData.size + replacement.removedDeletes.size,
    ...(report.snapshotId === undefined ? {} : { snapshotId: report.snapshotId }),
    detail: { rowsIn: report.rowsIn, rowsOut: report.rowsOut, deletesCarried: report.deletesCarried },
  });
  return report;
}
