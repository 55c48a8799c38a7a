import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveRows, loadCheckpoint, saveCheckpoint } from './live-rows';

describe('live-row index', () => {
  it('tracks the newest position per key', () => {
    const rows = new LiveRows();
    rows.set('k1', 'f1', ['acme', 3n], 0);
    rows.set('k2', 'f1', ['acme', 3n], 1);
    rows.set('k1', 'f2', ['acme', 3n], 4_000_000_000);
    rows.setEmission('k2', { ordinal: '9', revision: 0 });
    rows.delete('k2');
    expect(rows.emission('k2')).toBeUndefined();
    expect(rows.get('k1')).toEqual({ path: 'f2', partition: ['acme', 3n], pos: 4_000_000_000 });
    expect(rows.get('k2')).toBeUndefined();
    expect(rows.size).toBe(1);
    expect(rows.fileCount).toBe(2);
  });

  it('restores a checkpoint only for the same table and snapshot', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'live-'));
    try {
      const rows = new LiveRows();
      rows.set('1|a', 's3://b/f.parquet', [null, 7], 12);
      rows.set('2|a', 's3://b/f.parquet', [null, 7], 13);
      // A row a re-emission may still replace keeps its ordinal and revision through a restart.
      rows.setEmission('2|a', { ordinal: '000042', revision: 1 });
      const path = join(folder, 'idx.json');
      await saveCheckpoint(path, { tableUuid: 'u', snapshotId: 2n ** 62n + 5n, rows });
      const id = 2n ** 62n + 5n;
      expect((await loadCheckpoint(path, 'u', id))?.get('1|a')).toEqual({
        path: 's3://b/f.parquet',
        partition: [null, 7],
        pos: 12,
      });
      expect((await loadCheckpoint(path, 'u', id))?.emission('2|a')).toEqual({
        ordinal: '000042',
        revision: 1,
      });
      expect((await loadCheckpoint(path, 'u', id))?.emission('1|a')).toBeUndefined();
      // One more than the id, which a double would not tell apart from it.
      expect(await loadCheckpoint(path, 'u', id + 1n)).toBeUndefined();
      expect(await loadCheckpoint(path, 'other', id)).toBeUndefined();
      await writeFile(path, '{"torn');
      expect(await loadCheckpoint(path, 'u', id)).toBeUndefined();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
