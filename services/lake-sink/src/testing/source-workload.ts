import { format } from 'mysql2';
import { prng } from './order-stream';

// A MariaDB workload of one private tenant on customers and orders: inserts, then updates and deletes
// of rows inserted earlier, as SQL transactions. Every statement changes exactly one row, so one
// statement is one binlog row event and one ChangeEvent downstream.

export interface SourceMarket {
  marketId: string;
  countryCode: string;
  currency: string;
}

export interface WorkloadOptions {
  tenant: string;
  /** Ids are `base + n`: explicit, so they are known without reading them back, and nobody else's. */
  base: number;
  market: SourceMarket;
  warehouseId: string;
  seed: number;
  changes: number;
  /** Changes per transaction: uniform in [min, max]. */
  transaction: { min: number; max: number };
}

export type SourceTable = 'customers' | 'orders';
export type Counts = Record<SourceTable, Record<'c' | 'u' | 'd', number>>;

export interface Workload {
  /** Each a multi-statement transaction, ready to send as one query. */
  transactions: string[];
  counts: Counts;
  /** The ids this workload may touch, per table: `[first, last]`. */
  ids: Record<SourceTable, [number, number]>;
}

const SEGMENTS = ['consumer', 'corporate', 'home_office'] as const;
const STATUSES = ['paid', 'shipped', 'delivered', 'cancelled', 'returned'] as const;
/** DATETIME(6) text with sub-millisecond digits, so the lake's microseconds are checked too. */
const datetime = (ms: number, micros = ms % 1000) =>
  `${new Date(ms).toISOString().replace('T', ' ').slice(0, 23)}${String(micros).padStart(3, '0')}`;

/** A live-key set with O(1) random pick and removal. */
class Keys {
  private readonly keys: number[] = [];
  get size() {
    return this.keys.length;
  }
  add(key: number) {
    this.keys.push(key);
  }
  pick(random: () => number, remove = false): number | undefined {
    if (this.keys.length === 0) return undefined;
    const i = Math.floor(random() * this.keys.length);
    const key = this.keys[i] as number;
    if (remove) {
      this.keys[i] = this.keys.at(-1) as number;
      this.keys.pop();
    }
    return key;
  }
}

/**
 * About two thirds inserts (a third of them customers), one third updates (three in four) or
 * deletes of earlier keys. Customers that may be deleted never get orders, so no foreign key stops
 * a delete; every update sets a value the row does not hold yet, so none is a no-op the binlog skips.
 */
export function sourceWorkload(o: WorkloadOptions): Workload {
  const random = prng(o.seed);
  const counts: Counts = { customers: { c: 0, u: 0, d: 0 }, orders: { c: 0, u: 0, d: 0 } };
  const buyers = new Keys(); // customers that place orders; never deleted
  const browsers = new Keys(); // customers without orders; may be deleted
  const orders = new Keys();
  const totals = new Map<number, number>();
  let nextCustomer = o.base;
  let nextOrder = o.base;
  let version = 0;

  const insertCustomer = () => {
    nextCustomer += 1;
    const id = nextCustomer;
    (id % 3 === 0 ? browsers : buyers).add(id);
    counts.customers.c += 1;
    return format(
      'INSERT INTO customers (id, tenant_id, market_id, first_name, last_name, email, phone, address_line1, address_line2, city, postal_code, country_code, segment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        id,
        o.tenant,
        o.market.marketId,
        `First${id % 997}`,
        `Last${id % 991}`,
        `c${id}@example.test`,
        random() < 0.3 ? null : `+1 555 ${String(id % 10_000).padStart(4, '0')}`,
        `${id % 500} Chaos Street`,
        random() < 0.7 ? null : `Unit ${id % 40}`,
        'Testville',
        String(10_000 + (id % 89_999)),
        o.market.countryCode,
        SEGMENTS[id % SEGMENTS.length],
      ],
    );
  };
  const insertOrder = () => {
    const customer = buyers.pick(random) as number;
    nextOrder += 1;
    const id = nextOrder;
    const total = 1 + Math.floor(random() * 1_000_000);
    orders.add(id);
    totals.set(id, total);
    counts.orders.c += 1;
    return format(
      'INSERT INTO orders (id, tenant_id, customer_id, market_id, warehouse_id, status, currency, total_amount, ordered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        id,
        o.tenant,
        customer,
        o.market.marketId,
        o.warehouseId,
        'pending',
        o.market.currency,
        (total / 100).toFixed(2),
        datetime(1_735_689_600_000 + (id % 300) * 86_400_000 + (id % 86_400_000)),
      ],
    );
  };
  const updateCustomer = (id: number) => {
    version += 1;
    counts.customers.u += 1;
    return format('UPDATE customers SET email = ?, segment = ?, phone = ? WHERE id = ?', [
      `c${id}.v${version}@example.test`,
      SEGMENTS[version % SEGMENTS.length],
      random() < 0.2 ? null : `+1 555 ${String(version % 10_000).padStart(4, '0')}`,
      id,
    ]);
  };
  const updateOrder = (id: number) => {
    const old = totals.get(id) as number;
    const total = old + 1 + Math.floor(random() * 10_000);
    totals.set(id, total);
    counts.orders.u += 1;
    const status = STATUSES[Math.floor(random() * STATUSES.length)] as string;
    const shipped = status === 'shipped' || status === 'delivered' || status === 'returned';
    return format(
      'UPDATE orders SET status = ?, total_amount = ?, shipped_at = ?, delivered_at = ? WHERE id = ?',
      [
        status,
        (total / 100).toFixed(2),
        shipped ? datetime(1_760_000_000_000 + total) : null,
        status === 'delivered' ? datetime(1_760_100_000_000 + total) : null,
        id,
      ],
    );
  };
  const remove = (table: SourceTable, id: number) => {
    counts[table].d += 1;
    return format(`DELETE FROM ${table} WHERE id = ?`, [id]);
  };

  function change(): string {
    const roll = random();
    if (roll < 2 / 3 || (orders.size === 0 && browsers.size + buyers.size === 0)) {
      return buyers.size === 0 || random() < 1 / 3 ? insertCustomer() : insertOrder();
    }
    const onOrders = random() < 0.6 && orders.size > 0;
    const deleting = roll >= 2 / 3 + 1 / 4;
    if (onOrders) {
      return deleting
        ? remove('orders', orders.pick(random, true) as number)
        : updateOrder(orders.pick(random) as number);
    }
    if (deleting && browsers.size > 0) return remove('customers', browsers.pick(random, true) as number);
    const pool = buyers.size === 0 || (browsers.size > 0 && random() < 0.5) ? browsers : buyers;
    return updateCustomer(pool.pick(random) as number);
  }

  const transactions: string[] = [];
  let left = o.changes;
  while (left > 0) {
    const { min, max } = o.transaction;
    const size = Math.min(left, min + Math.floor(random() * (max - min + 1)));
    const statements: string[] = [];
    for (let i = 0; i < size; i++) statements.push(change());
    transactions.push(`START TRANSACTION;\n${statements.join(';\n')};\nCOMMIT`);
    left -= size;
  }
  return {
    transactions,
    counts,
    ids: { customers: [o.base + 1, nextCustomer], orders: [o.base + 1, nextOrder] },
  };
}
