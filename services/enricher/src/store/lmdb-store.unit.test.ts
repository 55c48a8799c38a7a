import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '@lakestream/stack';
import { ord } from '../join/testing';
import { lmdbStore } from './lmdb-store';
import { memoryStore } from './memory-store';

const dirs: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lmdb-store-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the LMDB store', () => {
  it('answers every "valid at" lookup as the plain in-heap model does (random versions, deletes, truncates)', async () => {
    const random = mulberry32(42);
    // A cache smaller than the keys, so lookups go through both the cache and the range reads.
    const lmdb = lmdbStore({ path: folder(), cacheEntries: 4 });
    const model = memoryStore();
    const keys = Array.from({ length: 12 }, (_, i) => `K${i}`);
    for (let step = 0; step < 400; step += 1) {
      const pos = 1 + Math.floor(random() * 1000);
      const key = keys[Math.floor(random() * keys.length)] as string;
      if (random() < 0.01) {
        lmdb.truncate('products', ord(pos));
        model.truncate('products', ord(pos));
        continue;
      }
      const version = {
        ordinal: ord(pos),
        committedAt: BigInt(pos),
        row: random() < 0.1 ? null : { sku: key, n: step },
      };
      lmdb.transaction(() => lmdb.apply('products', key, version));
      model.apply('products', key, version);
      for (let probe = 0; probe < 5; probe += 1) {
        const at = ord(Math.floor(random() * 1100));
        const k = keys[Math.floor(random() * keys.length)] as string;
        expect({ k, at, row: lmdb.at('products', k, at) }).toEqual({
          k,
          at,
          row: model.at('products', k, at),
        });
      }
    }
    expect(lmdb.size()).toBe(model.size());
    await lmdb.close();
  });

  it('finds the fx rate of the latest date on or before the day, as known at the ordinal', async () => {
    const store = lmdbStore({ path: folder() });
    store.transaction(() => {
      store.apply('fx_rates', 'EUR|100', {
        ordinal: ord(1),
        committedAt: 1n,
        row: { rate_to_usd: '1.10000000' },
      });
      store.apply('fx_rates', 'EUR|102', {
        ordinal: ord(5),
        committedAt: 5n,
        row: { rate_to_usd: '1.20000000' },
      });
    });
    expect(store.fxAt('EUR', 103, ord(4))).toEqual({ rateDate: 100, rate: '1.10000000' });
    expect(store.fxAt('EUR', 103, ord(6))).toEqual({ rateDate: 102, rate: '1.20000000' });
    expect(store.fxAt('EUR', 99, ord(6))).toBeUndefined();
    expect(store.fxAt('GBP', 103, ord(6))).toBeUndefined();
    await store.close();
  });

  it('is its own checkpoint: versions, truncates, fx dates and offsets come back after a reopen', async () => {
    const path = folder();
    const first = lmdbStore({ path });
    first.transaction(() => {
      first.apply('customers', '7', {
        ordinal: ord(3),
        committedAt: 3n,
        row: { id: 7n, segment: 'corporate' },
      });
      first.apply('fx_rates', 'USD|10', {
        ordinal: ord(4),
        committedAt: 4n,
        row: { rate_to_usd: '1.00000000' },
      });
      first.truncate('markets', ord(9));
      first.setPosition('lakestream.changes.customers', 2, '41');
    });
    await first.close();
    const again = lmdbStore({ path });
    expect(again.at('customers', '7', ord(5))).toEqual({ id: 7n, segment: 'corporate' });
    expect(again.fxAt('USD', 11, ord(5))?.rate).toBe('1.00000000');
    expect([...again.positions()]).toEqual([['lakestream.changes.customers:2', '41']]);
    expect(again.size()).toBe(2);
    await again.close();
  });

  it('prunes versions that ended before the cut, keeping the one still valid at it', async () => {
    const store = lmdbStore({ path: folder() });
    store.transaction(() => {
      for (const pos of [1, 2, 3])
        store.apply('products', 'A', { ordinal: ord(pos), committedAt: BigInt(pos * 10), row: { v: pos } });
    });
    expect(store.prune(25n)).toBe(1); // version 1 ended at 20: gone; version 2 is valid at 25
    expect(store.at('products', 'A', ord(2))).toEqual({ v: 2 });
    expect(store.at('products', 'A', ord(1))).toBeUndefined();
    expect(store.at('products', 'A', ord(3))).toEqual({ v: 3 });
    await store.close();
  });
});
