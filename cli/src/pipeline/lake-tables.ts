import type { LakeTableView } from '@lakestream/stack';
import { joinLocation, type WarehouseStorage } from '@lakestream/storage';

interface Metadata {
  'current-snapshot-id'?: number | string | null;
  snapshots?: { 'snapshot-id': number | string; 'timestamp-ms': number; summary?: Record<string, string> }[];
}

/**
 * The named tables of the namespace with their current snapshot, read from the file catalog's layout
 * (`<table>/metadata/version-hint.text` → `v<N>.metadata.json`): enough for the live view's line. No
 * listing: on S3 a listing of the namespace would walk every data file.
 */
export async function lakeTables(
  storage: WarehouseStorage,
  namespace: string,
  names: readonly string[],
): Promise<LakeTableView[]> {
  const base = joinLocation(storage.root, namespace);
  const tables: LakeTableView[] = [];
  for (const table of names) {
    const metadataDir = joinLocation(base, table, 'metadata');
    const hint = await storage.read(joinLocation(metadataDir, 'version-hint.text'));
    if (!hint) continue;
    const version = Buffer.from(hint).toString('utf8').trim();
    const bytes = await storage.read(joinLocation(metadataDir, `v${version}.metadata.json`));
    if (!bytes) continue;
    const metadata = JSON.parse(Buffer.from(bytes).toString('utf8')) as Metadata;
    // Ids may exceed 2^53 in JSON; compared as text they stay distinct enough to find the current one.
    const current = metadata.snapshots?.find(
      (s) => String(s['snapshot-id']) === String(metadata['current-snapshot-id']),
    );
    if (!current) continue;
    tables.push({
      table,
      committedAt: current['timestamp-ms'],
      records: Number(current.summary?.['total-records'] ?? 0),
    });
  }
  return tables;
}
