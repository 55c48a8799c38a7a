import { type Catalog, fileCatalog, type TableIdentifier } from '@lakestream/iceberg';
import { type LakeS3Access, openLakeSession } from '@lakestream/lake';
import { localS3Client, type StackConfig } from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';

/** One stock update the bench committed in MariaDB, and when its commit returned. */
export interface CommittedUpdate {
  sku: string;
  warehouseId: string;
  onHand: number;
  committedAt: number;
}

/** How DuckDB reaches the local S3 server. */
export const localLakeS3 = (stack: StackConfig): LakeS3Access => ({
  endpoint: `http://${stack.host}:${stack.ports.s3}`,
  region: stack.s3.region,
  accessKeyId: stack.s3.accessKeyId,
  secretAccessKey: stack.s3.secretAccessKey,
  pathStyle: true,
});

/** The lake of a bench's own lake-sink on the local S3 server, and how DuckDB reaches it. */
export function benchLake(stack: StackConfig, warehouse: string) {
  return { catalog: fileCatalog(s3Storage(localS3Client(stack), warehouse)), s3: localLakeS3(stack) };
}

/**
 * Notes when each snapshot of a table is first seen, polling the catalog every `pollMs`: the moment
 * its rows became readable to any engine, within a poll. A snapshot's `timestamp-ms` is taken by
 * lake-sink before it writes the snapshot's files, so it is earlier than that moment by the commit.
 */
export function watchSnapshots(catalog: Catalog, table: TableIdentifier, pollMs: number) {
  const seen = new Map<number, number>();
  let stopped = false;
  let polledAt = 0;
  const polling = (async () => {
    while (!stopped) {
      const started = Date.now();
      const loaded = await catalog.loadTable(table).catch(() => undefined);
      const at = Date.now();
      for (const snapshot of loaded?.metadata.snapshots ?? [])
        if (!seen.has(snapshot['timestamp-ms'])) seen.set(snapshot['timestamp-ms'], at);
      polledAt = started;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  })();
  return {
    /** First-seen time by the snapshot's `timestamp-ms` (which is each row's `_lake_committed_at`). */
    seen,
    /** True once a poll began after `time`: every snapshot committed before it has been seen. */
    polledSince: (time: number) => polledAt > time,
    async stop() {
      stopped = true;
      await polling;
    },
  };
}

/**
 * MariaDB commit → readable in the lake, per update: the history rows of the updated stock rows,
 * matched to the updates by (sku, warehouse, on_hand), each at the time its snapshot was first seen.
 * Undefined for an update whose row is in no snapshot seen.
 */
export async function lakeLatencies(
  lake: ReturnType<typeof benchLake>,
  table: TableIdentifier,
  cache: string,
  tenant: string,
  updates: readonly CommittedUpdate[],
  seen: ReadonlyMap<number, number>,
): Promise<(number | undefined)[]> {
  const session = await openLakeSession({ catalog: lake.catalog, cache, s3: lake.s3, tables: [table] });
  try {
    const since = Math.min(...updates.map((u) => u.committedAt)) - 60_000;
    const result = await session.query(
      `SELECT sku, warehouse_id, on_hand, epoch_ms(_lake_committed_at) FROM ${table.name}
       WHERE tenant_id = '${tenant}' AND _op = 'u' AND _lake_committed_at >= epoch_ms(${since})`,
    );
    const lakeTime = new Map<string, number>();
    for (const [sku, warehouse, onHand, committed] of result.rows) {
      const key = `${String(sku)}|${String(warehouse)}|${String(onHand)}`;
      const at = seen.get(Number(committed));
      if (at !== undefined && !lakeTime.has(key)) lakeTime.set(key, at);
    }
    return updates.map((u) => {
      const at = lakeTime.get(`${u.sku}|${u.warehouseId}|${u.onHand}`);
      return at === undefined ? undefined : at - u.committedAt;
    });
  } finally {
    session.close();
  }
}
