import { parseCents } from '../money';
import {
  type Change,
  type Increment,
  isIdText,
  isIncrement,
  isRowRef,
  type Param,
  type SimEvent,
  type SimTable,
} from './changes';
import type { Snapshot } from './snapshot';

type Stored = Record<string, Param> & { tenant_id: string };

/**
 * An in-memory stand-in for what MariaDB would do with the simulator's events, for tests: it starts
 * from a snapshot and throws on anything the schema would refuse (a foreign key to a missing or
 * another tenant's row, a CHECK, a duplicate key, a delete with children) and on what the binlog
 * would not show (an update that changes nothing, a change that matches no row). It also checks the
 * money: lines, order total, payments and invoice agree.
 */
export class ShadowDb {
  private readonly tables = new Map<SimTable, Map<string, Stored>>();
  private readonly vendors = new Map<string, string>();
  private readonly warehouses = new Map<string, string>();
  private readonly markets: Map<string, { currency: string }>;
  /** Sum of line amounts per order, for orders this run created. */
  private readonly lines = new Map<string, number>();
  private readonly invoiced = new Set<string>();

  constructor(snapshot: Snapshot) {
    this.markets = new Map(snapshot.markets.map((m) => [m.marketId, { currency: m.currency }]));
    for (const table of ['customers', 'products', 'inventory', 'orders', 'payments', 'invoices'] as const)
      this.tables.set(table, new Map());
    for (const t of snapshot.tenants) {
      const tenant_id = t.tenantId;
      for (const v of t.vendors) this.vendors.set(String(v.id), tenant_id);
      for (const w of t.warehouses) this.warehouses.set(w.warehouseId, tenant_id);
      for (const p of t.products)
        this.put('products', p.sku, {
          tenant_id,
          list_price_usd: String(p.listPriceUsdCents),
          active: p.active,
        });
      for (const s of t.inventory)
        this.put('inventory', `${s.sku}|${s.warehouseId}`, {
          tenant_id,
          on_hand: s.onHand,
          reserved: s.reserved,
        });
      for (const c of t.customers)
        this.put('customers', String(c.id), {
          tenant_id,
          market_id: c.marketId,
          address_line1: c.addressLine1,
          orders: c.hasOrders ? 1 : 0,
        });
      for (const o of t.openOrders) {
        const order = {
          tenant_id,
          status: o.status,
          total_amount: String(o.totalCents),
          currency: o.currency,
          customer_id: o.customerId,
        };
        this.put('orders', String(o.id), order);
        for (const p of o.payments)
          this.put('payments', String(p.id), { tenant_id, status: p.status, order_id: o.id });
        if (o.invoice) {
          this.put('invoices', String(o.invoice.id), { tenant_id, status: o.invoice.status, order_id: o.id });
          this.invoiced.add(String(o.id));
        }
      }
    }
  }

  apply(event: SimEvent): void {
    const created: string[] = [];
    for (const change of event.changes) {
      try {
        this.applyChange(event.tenantId, change, created);
      } catch (error) {
        throw new Error(`#${event.seq} ${event.kind}: ${(error as Error).message}`);
      }
    }
    for (const order of created) {
      const stored = this.table('orders').get(order) as Stored;
      if (this.lines.get(order) !== cents(stored.total_amount)) {
        throw new Error(
          `#${event.seq}: order ${order} totals ${String(stored.total_amount)}, its lines ${this.lines.get(order)}`,
        );
      }
    }
  }

  private applyChange(tenant: string, change: Change, created: string[]): void {
    if (change.op === 'd') {
      const key = keyOf(change.table, change.where);
      this.existing(change.table, key, tenant);
      if (change.table === 'customers' && Number(this.table('customers').get(key)?.orders) > 0)
        throw new Error(`customer ${key} has orders (fk_orders_customer)`);
      this.table(change.table).delete(key);
      return;
    }
    if (change.op === 'u') {
      const row = this.existing(change.table, keyOf(change.table, change.where), tenant);
      let changed = false;
      for (const [column, value] of Object.entries(change.set)) {
        const next = isIncrement(value) ? increment(row[column], value) : value;
        if (!same(row[column], next)) changed = true;
        row[column] = next;
      }
      if (!changed) throw new Error(`no-op update of ${change.table} ${keyOf(change.table, change.where)}`);
      checkRow(change.table, row);
      return;
    }
    for (const row of change.rows) {
      if (row.tenant_id !== tenant)
        throw new Error(`${change.table}: row of tenant ${String(row.tenant_id)}`);
      const key = change.creates ? key_(change.creates) : keyOf(change.table, row);
      this.checkInsert(change.table, row, tenant, key);
      if (change.table === 'order_items') continue;
      if (this.table(change.table).has(key)) throw new Error(`${change.table}: duplicate key ${key}`);
      const stored = { ...row, tenant_id: tenant } as Stored;
      checkRow(change.table, stored);
      this.table(change.table).set(key, stored);
      if (change.table === 'orders') created.push(key);
    }
  }

  private checkInsert(table: SimTable, row: Record<string, Param>, tenant: string, key: string): void {
    const parent = (t: SimTable, id: Param) => this.existing(t, key_(id), tenant);
    const same = (what: string, owner: string | undefined) => {
      if (owner !== tenant) throw new Error(`${table}: ${what} of tenant ${owner}`);
    };
    switch (table) {
      case 'customers':
        if (!this.markets.has(String(row.market_id)))
          throw new Error(`customers: no market ${String(row.market_id)}`);
        return;
      case 'products':
        same(`vendor ${String(row.vendor_id)}`, this.vendors.get(String(row.vendor_id)));
        JSON.parse(String(row.attributes));
        return;
      case 'inventory':
        parent('products', row.sku ?? null);
        same(`warehouse ${String(row.warehouse_id)}`, this.warehouses.get(String(row.warehouse_id)));
        return;
      case 'orders': {
        const customer = parent('customers', row.customer_id ?? null);
        customer.orders = Number(customer.orders) + 1;
        same(`warehouse ${String(row.warehouse_id)}`, this.warehouses.get(String(row.warehouse_id)));
        if (this.markets.get(String(row.market_id))?.currency !== row.currency)
          throw new Error('orders: currency is not the market one');
        this.lines.set(key, 0);
        return;
      }
      case 'order_items': {
        parent('orders', row.order_id ?? null);
        parent('products', row.sku ?? null);
        const line = Number(row.quantity) * cents(row.unit_price) - cents(row.discount_amount);
        if (!(Number(row.quantity) > 0) || line !== cents(row.line_amount))
          throw new Error(`order_items: line ${String(row.line_amount)} is not q × price − discount`);
        const order = key_(row.order_id ?? null);
        this.lines.set(order, (this.lines.get(order) ?? 0) + line);
        return;
      }
      case 'payments':
      case 'invoices': {
        const order = parent('orders', row.order_id ?? null);
        const total = table === 'payments' ? row.amount : row.total_amount;
        if (cents(total) !== cents(order.total_amount) || row.currency !== order.currency)
          throw new Error(
            `${table}: ${String(total)} ${String(row.currency)} for an order of ${String(order.total_amount)} ${String(order.currency)}`,
          );
        if (table === 'invoices') {
          const orderKey = key_(row.order_id ?? null);
          if (this.invoiced.has(orderKey))
            throw new Error(`invoices: order ${orderKey} has one (ux_invoices_order)`);
          this.invoiced.add(orderKey);
          if (cents(row.net_amount) + cents(row.tax_amount) !== cents(row.total_amount))
            throw new Error('invoices: net + tax ≠ total');
          const number = row.invoice_number;
          if (!isIdText(number) || number.prefix.length + 16 > 32)
            throw new Error('invoices: number may not fit VARCHAR(32)');
        }
        return;
      }
    }
  }

  private table(table: SimTable): Map<string, Stored> {
    const map = this.tables.get(table);
    if (!map) throw new Error(`${table} rows are never addressed`);
    return map;
  }

  private put(table: SimTable, key: string, row: Stored): void {
    this.table(table).set(key, row);
  }

  private existing(table: SimTable, key: string, tenant: string): Stored {
    const row = this.table(table).get(key);
    if (!row) throw new Error(`${table}: no row ${key}`);
    if (row.tenant_id !== tenant) throw new Error(`${table}: row ${key} belongs to ${row.tenant_id}`);
    return row;
  }
}

const key_ = (id: Param): string => (isRowRef(id) ? `#${id.ref}` : String(id));

function keyOf(table: SimTable, row: Readonly<Record<string, Param>>): string {
  if (table === 'products') return String(row.sku);
  if (table === 'inventory') return `${String(row.sku)}|${String(row.warehouse_id)}`;
  return key_(row.id ?? null);
}

/** Money columns are DECIMAL text ('12.50'); the snapshot stores cents as text ('1250'). */
function cents(value: Param | undefined): number {
  const text = String(value);
  return text.includes('.') ? parseCents(text) : Number(text);
}

function increment(current: Param | undefined, by: Increment): number {
  if (by.add === 0) throw new Error('an increment of 0');
  return Number(current) + by.add;
}

function same(a: Param | undefined, b: Param): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return Boolean(a) === Boolean(b);
  if (typeof b === 'string' && /^\d+\.\d{2}$/.test(b) && a !== undefined) return cents(a) === cents(b);
  return a === b;
}

function checkRow(table: SimTable, row: Stored): void {
  if (table === 'inventory' && !(Number(row.on_hand) >= 0 && Number(row.reserved) >= 0))
    throw new Error(
      `inventory: on_hand ${String(row.on_hand)}, reserved ${String(row.reserved)} (ck_inventory_*)`,
    );
  if (table === 'products' && cents(row.list_price_usd) < 0) throw new Error('products: negative price');
}
