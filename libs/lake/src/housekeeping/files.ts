import { fileURLToPath } from 'node:url';
import { manifestFiles, readManifestList, type Snapshot, type TableMetadata } from '@lakestream/iceberg';
import type { WarehouseStorage } from '@lakestream/storage';

// The files snapshots reference (spec "Manifests", "Manifest Lists"): their manifest lists, the
// manifests those list, and the live data and delete files those hold. Expiry deletes what only
// expired snapshots referenced; orphan removal deletes what nothing references.

/** One spelling per file: other engines record `file:/…`, `file:///…`, `s3a://…` for the same object. */
export function normalizeLocation(location: string): string {
  if (location.startsWith('file:')) return fileURLToPath(location);
  return location.replace(/^s3[an]:\/\//, 's3://');
}

export interface ReferencedFiles {
  manifestLists: Set<string>;
  manifests: Set<string>;
  /** Data and delete files live in at least one of the snapshots. */
  contentFiles: Set<string>;
}

export const emptyReferences = (): ReferencedFiles => ({
  manifestLists: new Set(),
  manifests: new Set(),
  contentFiles: new Set(),
});

/**
 * Everything the snapshots reference, each manifest read once however many snapshots share it.
 * `skipManifests`: manifests already known to be referenced elsewhere need not be read again.
 */
export async function referencedFiles(
  storage: WarehouseStorage,
  metadata: TableMetadata,
  snapshots: readonly Snapshot[],
  options: { progress?: (done: number, total: number) => void; into?: ReferencedFiles } = {},
): Promise<ReferencedFiles> {
  const found = options.into ?? emptyReferences();
  const manifests = new Map<string, Awaited<ReturnType<typeof readManifestList>>[number]>();
  for (const snapshot of snapshots) {
    found.manifestLists.add(normalizeLocation(snapshot['manifest-list']));
    for (const manifest of await readManifestList(storage, snapshot['manifest-list'])) {
      const location = normalizeLocation(manifest.path);
      if (!found.manifests.has(location) && !manifests.has(location)) manifests.set(location, manifest);
    }
  }
  let done = 0;
  for (const [location, manifest] of manifests) {
    for (const planned of await manifestFiles(storage, metadata, manifest))
      found.contentFiles.add(normalizeLocation(planned.file.path));
    found.manifests.add(location);
    done += 1;
    options.progress?.(done, manifests.size);
  }
  return found;
}
