import { randomUUID } from 'node:crypto';
import { joinLocation, type WarehouseStorage } from '@lakestream/storage';
import { IcebergError } from './errors';
import { decodeManifest, encodeManifest } from './manifest/codec';
import { partitionSummaries } from './manifest/summaries';
import {
  type ContentFile,
  EntryStatus,
  FileContent,
  type ManifestEntry,
  type ManifestFile,
} from './manifest/types';
import { currentSchema, type TableMetadata } from './metadata';
import { bindSpec } from './partition';

/**
 * Above this many manifests in a snapshot, the carried ones are merged. Without it every commit (one
 * every few seconds, always on) would add a manifest, and readers open each one to plan a scan.
 */
export const MANIFEST_MERGE_THRESHOLD = 64;

/**
 * Rewrites the carried manifests as one manifest per content type: their live entries become
 * EXISTING entries that keep the snapshot id and sequence numbers they were added with (spec
 * "Manifests": only added entries may inherit them), so no reader sees any file change.
 */
export async function mergeManifests(
  storage: WarehouseStorage,
  metadata: TableMetadata,
  carried: readonly ManifestFile[],
  tableLocation: string,
  snapshotId: bigint,
  sequenceNumber: bigint,
): Promise<ManifestFile[]> {
  const merged: ManifestFile[] = [];
  const specId = metadata['default-spec-id'];
  const spec = metadata['partition-specs'].find((s) => s['spec-id'] === specId);
  if (!spec || carried.some((m) => m.partitionSpecId !== specId)) return [...carried];
  const schema = currentSchema(metadata);
  const partitionFields = bindSpec(spec, schema);
  for (const content of [FileContent.Data, FileContent.PositionDeletes]) {
    const group = carried.filter((m) => m.content === content);
    if (group.length <= 1) {
      merged.push(...group);
      continue;
    }
    const entries: ManifestEntry[] = [];
    for (const manifest of group) {
      const bytes = await storage.read(manifest.path);
      if (!bytes) throw new IcebergError('ICEBERG_NOT_FOUND', `manifest ${manifest.path} is missing`);
      for (const entry of await decodeManifest(bytes, spec, manifest.path)) {
        if (entry.status === EntryStatus.Deleted) continue;
        entries.push({
          status: EntryStatus.Existing,
          snapshotId: entry.snapshotId ?? manifest.addedSnapshotId,
          sequenceNumber: entry.sequenceNumber ?? manifest.sequenceNumber,
          fileSequenceNumber: entry.fileSequenceNumber ?? manifest.sequenceNumber,
          file: entry.file,
        });
      }
    }
    const bytes = await encodeManifest({ schema, specId, partitionFields, content }, entries);
    const path = joinLocation(tableLocation, 'metadata', `${randomUUID()}-merged.avro`);
    await storage.write(path, bytes);
    const files: ContentFile[] = entries.map((e) => e.file);
    merged.push({
      path,
      length: bytes.length,
      partitionSpecId: specId,
      content,
      sequenceNumber,
      minSequenceNumber: entries.reduce((min, e) => {
        // bigints: Math.min takes numbers only.
        const entrySequence = e.sequenceNumber ?? sequenceNumber;
        if (entrySequence < min) return entrySequence;
        return min;
      }, sequenceNumber),
      addedSnapshotId: snapshotId,
      addedFilesCount: 0,
      existingFilesCount: entries.length,
      deletedFilesCount: 0,
      addedRowsCount: 0,
      existingRowsCount: files.reduce((n, f) => n + f.recordCount, 0),
      deletedRowsCount: 0,
      partitions: partitionSummaries(partitionFields, files),
    });
  }
  return merged;
}
