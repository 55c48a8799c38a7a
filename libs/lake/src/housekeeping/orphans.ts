import { type Catalog, identifierText, type TableIdentifier } from '@lakestream/iceberg';
import { joinLocation, type StoredObject, type WarehouseStorage } from '@lakestream/storage';
import { LakeError } from '../errors';
import type { HousekeepingHook } from './events';
import { normalizeLocation, referencedFiles } from './files';

// `lakestream orphans --older-than <d>`: files under a table's folder that no metadata references
// (the reference implementation's DeleteOrphanFiles): data files of a commit that never happened,
// manifests of a lost commit race, metadata files older than the metadata log. A writer's file is
// unreferenced until its commit lands, so only files older than `olderThanMs` go: keep it well
// above the longest commit (the default is 3 days, as in the reference implementation).

export interface OrphanOptions {
  catalog: Catalog;
  storage: WarehouseStorage;
  identifier: TableIdentifier;
  olderThanMs: number;
  now: number;
  dryRun: boolean;
  progress?: (line: string) => void;
  onDone?: HousekeepingHook;
}

export interface OrphanReport {
  table: string;
  scanned: number;
  orphans: StoredObject[];
  /** Unreferenced, but younger than the cut-off: a commit may still be on its way. */
  tooYoung: number;
  dryRun: boolean;
}

export async function removeOrphans(options: OrphanOptions): Promise<OrphanReport> {
  const progress = options.progress ?? (() => undefined);
  const name = identifierText(options.identifier);
  // Listed first, references read after: a file committed in between is then seen as referenced.
  const table = await options.catalog.loadTable(options.identifier);
  if (!table) throw new LakeError('LAKE_NOT_FOUND', `no table ${name}`);
  const listed = await options.storage.listTree(`${table.location}/`);
  progress(`${name}: ${listed.length} files under ${table.location}`);
  const fresh = (await options.catalog.loadTable(options.identifier)) ?? table;
  const metadata = fresh.metadata;
  const referenced = await referencedFiles(options.storage, metadata, metadata.snapshots ?? [], {
    progress: (done, total) => {
      if (done === total || done % 200 === 0) progress(`${name}: read ${done}/${total} manifests`);
    },
  });
  const keep = new Set<string>([
    ...referenced.contentFiles,
    ...referenced.manifests,
    ...referenced.manifestLists,
    normalizeLocation(fresh.metadataLocation),
    normalizeLocation(joinLocation(fresh.location, 'metadata', 'version-hint.text')),
    ...(metadata['metadata-log'] ?? []).map((e) => normalizeLocation(e['metadata-file'])),
  ]);
  for (const key of ['statistics', 'partition-statistics'] as const) {
    const files = (metadata as unknown as Record<string, unknown>)[key];
    if (Array.isArray(files))
      for (const f of files as { 'statistics-path'?: string }[])
        if (f['statistics-path']) keep.add(normalizeLocation(f['statistics-path']));
  }
  const cutOff = options.now - options.olderThanMs;
  const unreferenced = listed.filter((o) => !keep.has(normalizeLocation(o.location)));
  const orphans = unreferenced.filter((o) => o.modifiedMs < cutOff);
  const report: OrphanReport = {
    table: name,
    scanned: listed.length,
    orphans,
    tooYoung: unreferenced.length - orphans.length,
    dryRun: options.dryRun,
  };
  if (!options.dryRun) {
    let removed = 0;
    for (const orphan of orphans) {
      await options.storage.remove(orphan.location);
      removed += 1;
      if (removed % 500 === 0 || removed === orphans.length)
        progress(`${name}: removed ${removed}/${orphans.length}`);
    }
  }
  await options.onDone?.({
    action: 'orphans',
    table: options.identifier,
    dryRun: options.dryRun,
    filesRemoved: orphans.length,
    detail: { scanned: listed.length, tooYoung: report.tooYoung },
  });
  return report;
}
