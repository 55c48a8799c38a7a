import type { ChangeEvent } from '@lakestream/schemas';
import { mulberry32 } from '@lakestream/stack';
import { changeEvent, type Row } from './harness';

const STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'] as const;

/** Deterministic, so a failing run can be replayed from its seed. */
export const prng = mulberry32;

const orderRow = (id: bigint, tenant: string, version: number, random: () => number): Row => ({
  id,
  tenant_id: tenant,
  customer_id: 1000n + (id % 97n),
  market_id: 'US',
  warehouse_id: 'WH-1',
  status: STATUSES[Math.floor(random() * STATUSES.length)] as string,
  currency: 'USD',
  total_amount: `${version}.${String(Math.floor(random() * 100)).padStart(2, '0')}`,
  // Epoch µs, some with sub-millisecond digits, as DATETIME(6) and TIMESTAMP(6) columns hold them.
  ordered_at: 1_763_000_000_000_000n + id * 1_000_000n,
  shipped_at: random() < 0.5 ? null : 1_763_100_000_000_000n + BigInt(version) * 1_001n,
  delivered_at: null,
  created_at: 1_763_000_000_000_000n,
  updated_at: 1_763_000_000_000_000n + BigInt(version) * 7n,
});

/**
 * Order ChangeEvents as a source would emit them: about two thirds inserts of new keys, one third
 * updates or deletes of keys inserted earlier (a deleted key may come back later). It keeps the
 * model of the source: what each live key holds after everything emitted so far.
 */
export function orderStream(seed: number, tenants: readonly string[]) {
  const random = prng(seed);
  const state = new Map<string, ChangeEvent<Row>>();
  const live: string[] = [];
  const deleted: string[] = [];
  const emitted: ChangeEvent<Row>[] = [];
  let nextId = 0n;
  let pos = 0;

  const tenantOf = (id: bigint) => tenants[Number(id % BigInt(tenants.length))] as string;
  const insert = (key: string) => {
    live.push(key);
    const id = BigInt(key);
    return changeEvent('orders', 'c', key, pos, orderRow(id, tenantOf(id), pos, random), tenantOf(id));
  };

  function next(): ChangeEvent<Row> {
    pos += 1;
    const roll = random();
    if (roll < 2 / 3 || live.length === 0) {
      // Now and then a deleted key comes back: its new row must not meet the old one's delete.
      if (deleted.length > 0 && random() < 0.1) return insert(deleted.pop() as string);
      nextId += 1n;
      return insert(String(nextId));
    }
    const index = Math.floor(random() * live.length);
    const key = live[index] as string;
    const id = BigInt(key);
    if (roll < 2 / 3 + 1 / 4) {
      return changeEvent('orders', 'u', key, pos, orderRow(id, tenantOf(id), pos, random), tenantOf(id));
    }
    live[index] = live.at(-1) as string;
    live.pop();
    deleted.push(key);
    return changeEvent('orders', 'd', key, pos, state.get(key)?.after as Row, tenantOf(id));
  }

  return {
    /** The next `n` changes, applied to the model. */
    take(n: number): ChangeEvent<Row>[] {
      const batch: ChangeEvent<Row>[] = [];
      for (let i = 0; i < n; i++) {
        const event = next();
        if (event.op === 'd') state.delete(event.key);
        else state.set(event.key, event);
        batch.push(event);
      }
      emitted.push(...batch);
      return batch;
    },
    emitted: () => emitted,
    /** The source's rows now: the last change per key, deleted keys absent. */
    current: () => [...state.values()].map((e) => e.after as Row),
  };
}
