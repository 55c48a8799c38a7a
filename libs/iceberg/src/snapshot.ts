import { randomBytes, randomUUID } from 'node:crypto';
import { joinLocation, type WarehouseStorage } from '@lakestream/storage';
import type { LoadedTable, TableCommit, TableUpdate } from './catalog/catalog';
import { IcebergError } from './errors';
import { decodeManifestList, encodeManifest, encodeManifestList } from './manifest/codec';
import { partitionSummaries } from './manifest/summaries';
import { type ContentFile, EntryStatus, FileContent, type ManifestFile } from './manifest/types';
import { MANIFEST_MERGE_THRESHOLD, mergeManifests } from './merge';
import { currentSnapshot, defaultSpec, type SnapshotSummary, type TableMetadata } from './metadata';
import { bindSpec } from './partition';
import type { IcebergSchema } from './types';

/** What one commit adds to a table: new data files and position-delete files, nothing rewritten. */
export interface TableChange {
  snapshotId: bigint;
  timestampMs: number;
  dataFiles: ContentFile[];
  deleteFiles: ContentFile[];
  /** The schema the files were written with; it becomes current if the table does not have it. */
  schema: IcebergSchema;
  /** Extra snapshot-summary entries, such as the Kafka offsets the commit covers. */
  properties: Record<string, string>;
}

/**
 * A random positive 63-bit id, as the reference implementation makes them: most are above 2^53, so
 * every reader of our tables (and this package) must keep them exact.
 */
export const newSnapshotId = (): bigint => randomBytes(8).readBigUInt64BE() >> 1n || 1n;

const sum = (files: readonly ContentFile[], pick: (f: ContentFile) => number) =>
  files.reduce((total, f) => total + pick(f), 0);

/**
 * Writes a change's manifests once; every commit attempt reuses them, because added entries inherit
 * their sequence number from the manifest list (spec "Sequence Number Inheritance"), the only part
 * that depends on which base wins.
 */
/** A snapshot's manifest list, as its writer built it. */
export interface SnapshotManifests {
  snapshotId: bigint;
  manifests: ManifestFile[];
}

export function stagedSnapshot(
  storage: WarehouseStorage,
  tableLocation: string,
  change: TableChange,
  known?: SnapshotManifests,
) {
  let built: ManifestFile[] | undefined;
  let written: Promise<Omit<ManifestFile, 'sequenceNumber' | 'minSequenceNumber'>[]> | undefined;
  const writeManifests = async (metadata: TableMetadata) => {
    const spec = defaultSpec(metadata);
    const partitionFields = bindSpec(spec, change.schema);
    const manifests: Omit<ManifestFile, 'sequenceNumber' | 'minSequenceNumber'>[] = [];
    for (const [content, files] of [
      [FileContent.Data, change.dataFiles],
      [FileContent.PositionDeletes, change.deleteFiles],
    ] as const) {
      if (files.length === 0) continue;
      const bytes = await encodeManifest(
        { schema: change.schema, specId: spec['spec-id'], partitionFields, content },
        files.map((file) => ({
          status: EntryStatus.Added,
          snapshotId: change.snapshotId,
          sequenceNumber: null,
          fileSequenceNumber: null,
          file,
        })),
      );
      const path = joinLocation(tableLocation, 'metadata', `${randomUUID()}-m${manifests.length}.avro`);
      await storage.write(path, bytes);
      manifests.push({
        path,
        length: bytes.length,
        partitionSpecId: spec['spec-id'],
        content,
        addedSnapshotId: change.snapshotId,
        addedFilesCount: files.length,
        existingFilesCount: 0,
        deletedFilesCount: 0,
        addedRowsCount: sum(files, (f) => f.recordCount),
        existingRowsCount: 0,
        deletedRowsCount: 0,
        partitions: partitionSummaries(partitionFields, files),
      });
    }
    return manifests;
  };

  return {
    change,
    /** The manifest list of the last build; after a successful commit, the new snapshot's. */
    manifests: (): SnapshotManifests | undefined =>
      built ? { snapshotId: change.snapshotId, manifests: built } : undefined,
    /**
     * The commit that puts this change on `base` (spec "REST Catalog": requirements and updates): its
     * manifests plus the carried ones in a new manifest list, a new snapshot on `main`, and the schema
     * the files were written with if the table does not have it. It requires that `main` is still where
     * `base` has it, so a commit on a moved table is a conflict, and is built again on the new base.
     */
    async build(base: LoadedTable): Promise<TableCommit> {
      const metadata = base.metadata;
      written ??= writeManifests(metadata);
      const added = await written;
      const parent = currentSnapshot(metadata);
      const sequenceNumber = metadata['last-sequence-number'] + 1n;
      // The parent's list is usually the one this writer built last: no need to read it back.
      let carried = !parent
        ? []
        : known?.snapshotId === parent['snapshot-id']
          ? known.manifests
          : await readManifestList(storage, parent['manifest-list']);
      if (carried.length + added.length > MANIFEST_MERGE_THRESHOLD) {
        carried = await mergeManifests(
          storage,
          metadata,
          carried,
          base.location,
          change.snapshotId,
          sequenceNumber,
        );
      }
      const manifests: ManifestFile[] = [
        ...added.map((m) => ({ ...m, sequenceNumber, minSequenceNumber: sequenceNumber })),
        ...carried,
      ];
      built = manifests;
      const listBytes = await encodeManifestList(
        { snapshotId: change.snapshotId, parentSnapshotId: parent?.['snapshot-id'] ?? null, sequenceNumber },
        manifests,
      );
      const manifestList = joinLocation(
        base.location,
        'metadata',
        `snap-${change.snapshotId}-${sequenceNumber}-${randomUUID()}.avro`,
      );
      await storage.write(manifestList, listBytes);
      const updates: TableUpdate[] = [];
      if (!metadata.schemas.some((s) => s['schema-id'] === change.schema['schema-id'])) {
        updates.push(
          { action: 'add-schema', schema: change.schema },
          { action: 'set-current-schema', 'schema-id': -1 },
        );
      }
      updates.push(
        {
          action: 'add-snapshot',
          snapshot: {
            'snapshot-id': change.snapshotId,
            ...(parent ? { 'parent-snapshot-id': parent['snapshot-id'] } : {}),
            'sequence-number': sequenceNumber,
            // Never before the parent: readers resolve "as of" a time through the snapshot log.
            'timestamp-ms': Math.max(change.timestampMs, metadata['last-updated-ms']),
            'manifest-list': manifestList,
            summary: summarise(parent?.summary, change),
            'schema-id': change.schema['schema-id'],
          },
        },
        { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': change.snapshotId },
      );
      return {
        requirements: [
          { type: 'assert-table-uuid', uuid: metadata['table-uuid'] },
          { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': parent?.['snapshot-id'] ?? null },
        ],
        updates,
      };
    },
  };
}

export async function readManifestList(storage: WarehouseStorage, location: string): Promise<ManifestFile[]> {
  const bytes = await storage.read(location);
  if (!bytes) throw new IcebergError('ICEBERG_NOT_FOUND', `manifest list ${location} is missing`);
  return decodeManifestList(bytes);
}

/** Snapshot summary with the totals the reference implementation keeps (spec "Snapshot Summary"). */
function summarise(parent: SnapshotSummary | undefined, change: TableChange): SnapshotSummary {
  const total = (key: string, added: number) => String(Number(parent?.[key] ?? 0) + added);
  const addedRecords = sum(change.dataFiles, (f) => f.recordCount);
  const addedDeletes = sum(change.deleteFiles, (f) => f.recordCount);
  const addedSize = sum([...change.dataFiles, ...change.deleteFiles], (f) => f.sizeInBytes);
  const summary: SnapshotSummary = {
    operation:
      change.deleteFiles.length === 0 ? 'append' : change.dataFiles.length === 0 ? 'delete' : 'overwrite',
    'added-data-files': String(change.dataFiles.length),
    'added-records': String(addedRecords),
    'added-files-size': String(addedSize),
    'total-data-files': total('total-data-files', change.dataFiles.length),
    'total-delete-files': total('total-delete-files', change.deleteFiles.length),
    'total-records': total('total-records', addedRecords),
    'total-files-size': total('total-files-size', addedSize),
    'total-position-deletes': total('total-position-deletes', addedDeletes),
    'total-equality-deletes': '0',
    ...change.properties,
  };
  if (change.deleteFiles.length > 0) {
    summary['added-delete-files'] = String(change.deleteFiles.length);
    summary['added-position-delete-files'] = String(change.deleteFiles.length);
    summary['added-position-deletes'] = String(addedDeletes);
  }
  return summary;
}
