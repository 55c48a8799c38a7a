import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveRows, loadCheckpoint, saveCheckpoint } from '@lakestream/lake-sink/dist/lake/live-rows';

// The live-row index of a current-state table (lake/live-rows.ts) at a million keys: the heap it
// takes (keys, packed positions, the Map), the checkpoint file and the time to save and load it.
// Heap figures need `node --expose-gc`; without it they include garbage and are marked so.

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

export interface IndexFootprint {
  keys: string;
  count: number;
  heapBytes: number;
  checkpointBytes: number;
  saveMs: number;
  loadMs: number;
  exactHeap: boolean;
}

/**
 * A key as the sink holds it: decoded from an Avro record, hence one flat string. (Built by
 * concatenation, it would be a rope of several heap objects and overstate the index's size.)
 */
const decoded = (text: string) => Buffer.from(text, 'latin1').toString('latin1');

/** Keys as cdc-ingest's canonical text: `1000042` for orders, `ACME-TEC-000123|ACME-WH-US-01` for inventory. */
export const keyShapes = {
  'order id': (i: number) => decoded(String(1_000_000 + i)),
  'sku|warehouse': (i: number) =>
    decoded(
      `ACME-TEC-${String(Math.floor(i / 40)).padStart(6, '0')}|ACME-WH-US-${String((i % 40) + 1).padStart(2, '0')}`,
    ),
} as const;

export async function indexFootprint(
  shape: keyof typeof keyShapes,
  count = 1_000_000,
  files = 200,
): Promise<IndexFootprint> {
  const key = keyShapes[shape];
  const table = 's3://lakestream-warehouse/globalmart/inventory';
  const paths = Array.from({ length: files }, (_, f) => ({
    path: `${table}/data/tenant_id=acme/sku_bucket=${f % 4}/1763900000000-${randomUUID()}.parquet`,
    partition: ['acme', f % 4] as const,
  }));
  const before = heapUsed();
  const rows = new LiveRows();
  const perFile = Math.ceil(count / files);
  for (let i = 0; i < count; i += 1) {
    const file = paths[Math.floor(i / perFile)] ?? paths[0];
    if (file) rows.set(key(i), file.path, file.partition, i % perFile);
  }
  const heapBytes = heapUsed() - before;

  const dir = await mkdtemp(join(tmpdir(), 'bench-live-rows-'));
  try {
    const path = join(dir, 'index.live-rows.json');
    const tableUuid = randomUUID();
    let started = performance.now();
    await saveCheckpoint(path, { tableUuid, snapshotId: 1n, rows });
    const saveMs = performance.now() - started;
    const { size } = await stat(path);
    started = performance.now();
    const loaded = await loadCheckpoint(path, tableUuid, 1n);
    const loadMs = performance.now() - started;
    if (loaded?.size !== rows.size)
      throw new Error(`checkpoint reloaded ${loaded?.size} of ${rows.size} keys`);
    return {
      keys: shape,
      count: rows.size,
      heapBytes,
      checkpointBytes: size,
      saveMs,
      loadMs,
      exactHeap: gc !== undefined,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
