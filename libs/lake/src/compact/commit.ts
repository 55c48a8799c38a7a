import { randomUUID } from 'node:crypto';
import {
  bindSpec,
  type ContentFile,
  currentSchema,
  currentSnapshot,
  decodeManifest,
  EntryStatus,
  encodeManifest,
  encodeManifestList,
  FileContent,
  type LoadedTable,
  type ManifestEntry,
  type ManifestFile,
  newSnapshotId,
  partitionSummaries,
  readManifestList,
  type SnapshotSummary,
  type TableCommit,
  type TableMetadata,
} from '@lakestream/iceberg';
import { joinLocation, type WarehouseStorage } from '@lakestream/storage';
import { LakeError } from '../errors';
import { mustRead } from './rewrite';

// The replace snapshot of a compaction (spec "Snapshots": operation replace, "Manifests": deleted
// entries), built on whichever base the commit lands on: the manifests that list a replaced file are
// written again with that entry DELETED and the others EXISTING (explicit sequence numbers, spec
// "Sequence Number Inheritance"), every other manifest is carried as it is, and the new files are
// ADDED in manifests of their own, inheriting the new sequence number.

export interface Replacement {
  removedData: Set<string>;
  removedDeletes: Set<string>;
  addedData: ContentFile[];
  addedDeletes: ContentFile[];
}

const sum = (files: readonly ContentFile[]) => files.reduce((n, f) => n + f.recordCount, 0);
const size = (files: readonly ContentFile[]) => files.reduce((n, f) => n + f.sizeInBytes, 0);

/** lake-sink's own summary entries (offsets, truncates) go on: the sink resumes from the current snapshot's. */
const CARRIED_PREFIX = 'lakestream.';

function summaryOf(
  parent: SnapshotSummary | undefined,
  r: Replacement,
  removed: { data: ContentFile[]; deletes: ContentFile[] },
): SnapshotSummary {
  const total = (key: string, delta: number) => String(Math.max(0, Number(parent?.[key] ?? 0) + delta));
  const carried = Object.fromEntries(
    Object.entries(parent ?? {}).filter(([k]) => k.startsWith(CARRIED_PREFIX)),
  );
  return {
    operation: 'replace',
    'added-data-files': String(r.addedData.length),
    'deleted-data-files': String(removed.data.length),
    'added-records': String(sum(r.addedData)),
    'deleted-records': String(sum(removed.data)),
    'added-files-size': String(size([...r.addedData, ...r.addedDeletes])),
    'removed-files-size': String(size([...removed.data, ...removed.deletes])),
    'added-delete-files': String(r.addedDeletes.length),
    'added-position-delete-files': String(r.addedDeletes.length),
    'added-position-deletes': String(sum(r.addedDeletes)),
    'removed-delete-files': String(removed.deletes.length),
    'removed-position-delete-files': String(removed.deletes.length),
    'removed-position-deletes': String(sum(removed.deletes)),
    'total-data-files': total('total-data-files', r.addedData.length - removed.data.length),
    'total-delete-files': total('total-delete-files', r.addedDeletes.length - removed.deletes.length),
    'total-records': total('total-records', sum(r.addedData) - sum(removed.data)),
    'total-files-size': total(
      'total-files-size',
      size([...r.addedData, ...r.addedDeletes]) - size([...removed.data, ...removed.deletes]),
    ),
    'total-position-deletes': total('total-position-deletes', sum(r.addedDeletes) - sum(removed.deletes)),
    'total-equality-deletes': parent?.['total-equality-deletes'] ?? '0',
    'lakestream.compaction': 'true',
    ...carried,
  };
}

async function writeManifest(
  storage: WarehouseStorage,
  table: LoadedTable,
  specId: number,
  content: FileContent,
  entries: ManifestEntry[],
  snapshotId: bigint,
  sequenceNumber: bigint,
): Promise<ManifestFile> {
  const metadata = table.metadata;
  const schema = currentSchema(metadata);
  const spec = metadata['partition-specs'].find((s) => s['spec-id'] === specId);
  if (!spec) throw new LakeError('LAKE_UNSUPPORTED', `${table.location}: no partition spec ${specId}`);
  const partitionFields = bindSpec(spec, schema);
  const bytes = await encodeManifest({ schema, specId, partitionFields, content }, entries);
  const path = joinLocation(table.location, 'metadata', `${randomUUID()}-compact.avro`);
  await storage.write(path, bytes);
  const live = entries.filter((e) => e.status !== EntryStatus.Deleted);
  const of = (status: EntryStatus) => entries.filter((e) => e.status === status);
  return {
    path,
    length: bytes.length,
    partitionSpecId: specId,
    content,
    sequenceNumber,
    minSequenceNumber: entries.reduce(
      (min, e) => (e.sequenceNumber !== null && e.sequenceNumber < min ? e.sequenceNumber : min),
      sequenceNumber,
    ),
    addedSnapshotId: snapshotId,
    addedFilesCount: of(EntryStatus.Added).length,
    existingFilesCount: of(EntryStatus.Existing).length,
    deletedFilesCount: of(EntryStatus.Deleted).length,
    addedRowsCount: sum(of(EntryStatus.Added).map((e) => e.file)),
    existingRowsCount: sum(of(EntryStatus.Existing).map((e) => e.file)),
    deletedRowsCount: sum(of(EntryStatus.Deleted).map((e) => e.file)),
    partitions: partitionSummaries(
      partitionFields,
      live.map((e) => e.file),
    ),
  };
}

/**
 * Builds the commit that puts the replacement on a base, as often as the base moves. The snapshot id
 * stays the same across attempts, and manifests are immutable, so what an attempt read or wrote is
 * reused by the next: only manifests new on the base are read, and a rewritten manifest is written
 * once (its entries carry explicit sequence numbers; the list gives it the attempt's own).
 */
export function replaceBuilder(storage: WarehouseStorage, r: Replacement) {
  const snapshotId = newSnapshotId();
  const decoded = new Map<string, ManifestEntry[]>();
  const rewrittenOf = new Map<string, { manifest: ManifestFile; removed: ContentFile[] }>();
  let addedData: ManifestFile | undefined;
  const addedDeletes = new Map<ContentFile[], ManifestFile>();
  return {
    snapshotId,
    /**
     * Every file the replacement removes must still be live on the base; one that is not was
     * removed by another writer (another compaction): LAKE_HOUSEKEEPING_CONFLICT.
     */
    build: (base: LoadedTable) =>
      buildReplace(storage, base, r, snapshotId, {
        decoded,
        rewrittenOf,
        addedData: () => addedData,
        setAddedData: (m) => {
          addedData = m;
        },
        addedDeletes,
      }),
  };
}

interface ReplaceCache {
  decoded: Map<string, ManifestEntry[]>;
  rewrittenOf: Map<string, { manifest: ManifestFile; removed: ContentFile[] }>;
  addedData: () => ManifestFile | undefined;
  setAddedData: (m: ManifestFile) => void;
  addedDeletes: Map<ContentFile[], ManifestFile>;
}

async function buildReplace(
  storage: WarehouseStorage,
  base: LoadedTable,
  r: Replacement,
  snapshotId: bigint,
  cache: ReplaceCache,
): Promise<TableCommit> {
  const metadata: TableMetadata = base.metadata;
  const parent = currentSnapshot(metadata);
  if (!parent) throw new LakeError('LAKE_HOUSEKEEPING_CONFLICT', `${base.location} has no snapshot any more`);
  const sequenceNumber = metadata['last-sequence-number'] + 1n;
  const removed = { data: [] as ContentFile[], deletes: [] as ContentFile[] };
  const manifests: ManifestFile[] = [];
  for (const manifest of await readManifestList(storage, parent['manifest-list'])) {
    const known = cache.rewrittenOf.get(manifest.path);
    if (known) {
      for (const f of known.removed)
        (f.content === FileContent.Data ? removed.data : removed.deletes).push(f);
      manifests.push({ ...known.manifest, sequenceNumber });
      continue;
    }
    const spec = metadata['partition-specs'].find((s) => s['spec-id'] === manifest.partitionSpecId);
    if (!spec)
      throw new LakeError(
        'LAKE_UNSUPPORTED',
        `${manifest.path}: no partition spec ${manifest.partitionSpecId}`,
      );
    let entries = cache.decoded.get(manifest.path);
    if (!entries) {
      entries = await decodeManifest(await mustRead(storage, manifest.path), spec, manifest.path);
      cache.decoded.set(manifest.path, entries);
    }
    const gone = (e: ManifestEntry) =>
      e.status !== EntryStatus.Deleted &&
      (e.file.content === FileContent.Data ? r.removedData : r.removedDeletes).has(e.file.path);
    if (!entries.some(gone)) {
      manifests.push(manifest);
      continue;
    }
    const rewritten: ManifestEntry[] = [];
    const removedHere: ContentFile[] = [];
    for (const entry of entries) {
      if (entry.status === EntryStatus.Deleted) continue;
      const inherits = entry.status === EntryStatus.Added;
      const resolved = {
        snapshotId: entry.snapshotId ?? manifest.addedSnapshotId,
        sequenceNumber: entry.sequenceNumber ?? (inherits ? manifest.sequenceNumber : null),
        fileSequenceNumber: entry.fileSequenceNumber ?? (inherits ? manifest.sequenceNumber : null),
        file: entry.file,
      };
      if (gone(entry)) {
        removedHere.push(entry.file);
        rewritten.push({ ...resolved, status: EntryStatus.Deleted, snapshotId });
      } else rewritten.push({ ...resolved, status: EntryStatus.Existing });
    }
    for (const f of removedHere) (f.content === FileContent.Data ? removed.data : removed.deletes).push(f);
    const written = await writeManifest(
      storage,
      base,
      manifest.partitionSpecId,
      manifest.content,
      rewritten,
      snapshotId,
      sequenceNumber,
    );
    cache.rewrittenOf.set(manifest.path, { manifest: written, removed: removedHere });
    manifests.push(written);
  }
  if (removed.data.length !== r.removedData.size || removed.deletes.length !== r.removedDeletes.size)
    throw new LakeError(
      'LAKE_HOUSEKEEPING_CONFLICT',
      `${base.location}: another writer removed files this compaction replaces; run it again`,
    );
  const addedManifest = (files: ContentFile[], content: FileContent) =>
    writeManifest(
      storage,
      base,
      metadata['default-spec-id'],
      content,
      files.map((file) => ({
        status: EntryStatus.Added,
        snapshotId,
        sequenceNumber: null,
        fileSequenceNumber: null,
        file,
      })),
      snapshotId,
      sequenceNumber,
    );
  const fresh: ManifestFile[] = [];
  if (r.addedData.length > 0) {
    let data = cache.addedData();
    if (!data) {
      data = await addedManifest(r.addedData, FileContent.Data);
      cache.setAddedData(data);
    }
    fresh.push(data);
  }
  if (r.addedDeletes.length > 0) {
    let deletes = cache.addedDeletes.get(r.addedDeletes);
    if (!deletes) {
      deletes = await addedManifest(r.addedDeletes, FileContent.PositionDeletes);
      cache.addedDeletes.set(r.addedDeletes, deletes);
    }
    fresh.push(deletes);
  }
  // Added entries inherit the sequence number the list gives their manifest (this attempt's).
  for (const m of fresh) Object.assign(m, { sequenceNumber, minSequenceNumber: sequenceNumber });
  const list = [...fresh, ...manifests];
  const listBytes = await encodeManifestList(
    { snapshotId, parentSnapshotId: parent['snapshot-id'], sequenceNumber },
    list,
  );
  const manifestList = joinLocation(
    base.location,
    'metadata',
    `snap-${snapshotId}-${sequenceNumber}-${randomUUID()}.avro`,
  );
  await storage.write(manifestList, listBytes);
  return {
    requirements: [
      { type: 'assert-table-uuid', uuid: metadata['table-uuid'] },
      { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': parent['snapshot-id'] },
    ],
    updates: [
      {
        action: 'add-snapshot',
        snapshot: {
          'snapshot-id': snapshotId,
          'parent-snapshot-id': parent['snapshot-id'],
          'sequence-number': sequenceNumber,
          'timestamp-ms': Math.max(Date.now(), metadata['last-updated-ms']),
          'manifest-list': manifestList,
          summary: summaryOf(parent.summary, r, removed),
          'schema-id': metadata['current-schema-id'],
        },
      },
      { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': snapshotId },
    ],
  };
}
