import type { WarehouseStorage } from '@lakestream/storage';
import { IcebergError } from '../errors';
import { decodeManifest } from '../manifest/codec';
import { type ContentFile, EntryStatus, FileContent, type ManifestFile } from '../manifest/types';
import { currentSnapshot, type Snapshot, type TableMetadata } from '../metadata';
import { partitionKey } from '../partition';
import { readManifestList } from '../snapshot';

// Scan planning without filters (spec "Scan Planning"): the live data files and delete files of a
// snapshot, each with the sequence numbers that decide which deletes apply to which rows.

/** A live file of a snapshot, with what its manifest entry says or lets it inherit. */
export interface PlannedFile {
  file: ContentFile;
  /** The partition spec its partition tuple is in. */
  specId: number;
  /** Spec "Sequence Numbers": inherited from the manifest list when the entry was added without one. */
  dataSequenceNumber: bigint;
  fileSequenceNumber: bigint | null;
  /** The snapshot that added the file. */
  snapshotId: bigint;
  /** The manifest that lists it. */
  manifest: string;
}

export interface FilePlan {
  snapshot: Snapshot;
  dataFiles: PlannedFile[];
  deleteFiles: PlannedFile[];
}

/** The live entries of one manifest, with inherited snapshot ids and sequence numbers resolved. */
export async function manifestFiles(
  storage: WarehouseStorage,
  metadata: TableMetadata,
  manifest: ManifestFile,
): Promise<PlannedFile[]> {
  const spec = metadata['partition-specs'].find((s) => s['spec-id'] === manifest.partitionSpecId);
  if (!spec)
    throw new IcebergError(
      'ICEBERG_BAD_METADATA',
      `${manifest.path}: unknown partition spec ${manifest.partitionSpecId}`,
    );
  const bytes = await storage.read(manifest.path);
  if (!bytes) throw new IcebergError('ICEBERG_NOT_FOUND', `manifest ${manifest.path} is missing`);
  const planned: PlannedFile[] = [];
  for (const entry of await decodeManifest(bytes, spec, manifest.path)) {
    if (entry.status === EntryStatus.Deleted) continue;
    // Spec "Sequence Number Inheritance": only ADDED entries may leave them null.
    const inherits = entry.status === EntryStatus.Added;
    const dataSequenceNumber = entry.sequenceNumber ?? (inherits ? manifest.sequenceNumber : null);
    if (dataSequenceNumber === null)
      throw new IcebergError(
        'ICEBERG_BAD_METADATA',
        `${manifest.path}: an existing entry has no sequence number`,
      );
    planned.push({
      file: entry.file,
      specId: spec['spec-id'],
      dataSequenceNumber,
      fileSequenceNumber: entry.fileSequenceNumber ?? (inherits ? manifest.sequenceNumber : null),
      snapshotId: entry.snapshotId ?? manifest.addedSnapshotId,
      manifest: manifest.path,
    });
  }
  return planned;
}

/** The live data and delete files of a snapshot (the current one unless given). */
export async function planFiles(
  storage: WarehouseStorage,
  metadata: TableMetadata,
  snapshot: Snapshot | undefined = currentSnapshot(metadata),
): Promise<FilePlan | undefined> {
  if (!snapshot) return undefined;
  const plan: FilePlan = { snapshot, dataFiles: [], deleteFiles: [] };
  for (const manifest of await readManifestList(storage, snapshot['manifest-list'])) {
    for (const planned of await manifestFiles(storage, metadata, manifest)) {
      (planned.file.content === FileContent.Data ? plan.dataFiles : plan.deleteFiles).push(planned);
    }
  }
  return plan;
}

/**
 * The delete files that apply to a data file (spec "Scan Planning"): position deletes of its partition
 * with a data sequence number at or above its own (and naming it, when they name one file), equality
 * deletes of its partition, or of an unpartitioned spec, with a strictly higher one.
 */
export function deletesFor(
  data: PlannedFile,
  deleteFiles: readonly PlannedFile[],
  metadata: TableMetadata,
): PlannedFile[] {
  const samePartition = (d: PlannedFile) =>
    d.specId === data.specId && partitionKey(d.file.partition) === partitionKey(data.file.partition);
  const unpartitioned = (d: PlannedFile) =>
    metadata['partition-specs'].find((s) => s['spec-id'] === d.specId)?.fields.length === 0;
  return deleteFiles.filter((d) => {
    if (d.file.content === FileContent.PositionDeletes) {
      if (d.file.referencedDataFile && d.file.referencedDataFile !== data.file.path) return false;
      return d.dataSequenceNumber >= data.dataSequenceNumber && samePartition(d);
    }
    return d.dataSequenceNumber > data.dataSequenceNumber && (samePartition(d) || unpartitioned(d));
  });
}
