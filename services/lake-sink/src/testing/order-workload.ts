import type { ChangeEvent } from '@lakestream/schemas';
import { mulberry32 } from '@lakestream/stack';
import { changeEvent, type Row } from './harness';

// The lake-sink benchmark's input: globalmart.orders ChangeEvents as cdc-ingest emits them, for an
// insert-only stream (every change a new order) or an update-heavy one (every other change moves an
// earlier order on: paid, shipped, delivered), with keys spread uniformly over every order so far,
// so most updates hit rows an earlier commit wrote and the current-state table writes position deletes.

export type Workload = 'insert-only' | 'update-heavy';

const tenants = ['acme', 'globex', 'initech', 'umbrella', 'hooli'];
const markets = [
  ['US', 'USD'],
  ['DE', 'EUR'],
  ['FR', 'EUR'],
  ['GB', 'GBP'],
  ['JP', 'JPY'],
] as const;
const statuses = ['pending', 'paid', 'shipped', 'delivered'];
/** 2025-11-23T12:00Z: one day of orders, so the history table's day partition is one per tenant. */
const DAY_START = 1_763_900_000_000;

/** Row and event times are epoch µs (libs/schemas); the workload counts in ms. */
const micros = (ms: number) => BigInt(ms) * 1000n;

function order(id: number, version: number, at: number): Row {
  const [market, currency] = markets[id % markets.length] ?? markets[0];
  const status = statuses[Math.min(version, statuses.length - 1)] ?? 'pending';
  return {
    id: BigInt(id),
    tenant_id: tenants[id % tenants.length],
    customer_id: BigInt(10_000 + ((id * 7919) % 90_000)),
    market_id: market,
    warehouse_id: `${market}-WH-${String((id % 4) + 1).padStart(2, '0')}`,
    status,
    currency,
    total_amount: `${(id * 37) % 5_000}.${String(id % 100).padStart(2, '0')}`,
    ordered_at: micros(DAY_START + id),
    shipped_at: version >= 2 ? micros(at) : null,
    delivered_at: version >= 3 ? micros(at) : null,
    created_at: micros(DAY_START + id),
    updated_at: micros(at),
  };
}

/**
 * The changes of one topic, in chunks of `chunk` (so a whole backlog is never in memory at once).
 * Update-heavy: even changes insert, odd ones update a uniformly chosen earlier order.
 */
export function* orderChanges(
  workload: Workload,
  count: number,
  seed: number,
  chunk = 20_000,
): Generator<ChangeEvent<Row>[]> {
  const next = mulberry32(seed);
  const versions: number[] = [];
  let batch: ChangeEvent<Row>[] = [];
  for (let pos = 1; pos <= count; pos += 1) {
    const update = workload === 'update-heavy' && pos % 2 === 0 && versions.length > 0;
    const index = update ? Math.floor(next() * versions.length) : versions.length;
    const version = update ? (versions[index] ?? 0) + 1 : 0;
    versions[index] = version;
    const id = 1_000_000 + index;
    const at = DAY_START + pos;
    const event = changeEvent('orders', update ? 'u' : 'c', String(id), pos, order(id, version, at), null);
    event.tenantId = tenants[id % tenants.length] ?? null;
    event.committedAt = micros(at);
    batch.push(event);
    if (batch.length === chunk) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
