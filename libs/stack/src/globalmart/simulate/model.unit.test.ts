import { parseCents } from '../money';
import { generateSeed } from '../seed';
import { tenants } from '../tenants';
import {
  addEventCounts,
  type EventKind,
  emptyTableCounts,
  eventChanges,
  eventKinds,
  isRowRef,
  type Param,
  type SimEvent,
  simTables,
} from './changes';
import { sqlMicros } from './context';
import { expectedMix } from './mix';
import { Workload } from './model';
import { snapshotFromSeed } from './seed-snapshot';
import { ShadowDb } from './shadow-db';
import type { Snapshot } from './snapshot';

const start = Date.parse('2026-12-06T00:00:00.000Z');
/** A clock that moves 250 µs per reading, so every event time is known and distinct. */
const fixedClock = () => {
  let t = start;
  return () => (t += 0.25);
};

let snapshot: Snapshot;
beforeAll(() => {
  const plan = generateSeed({ seed: 20261123, scale: 0.3 });
  snapshot = snapshotFromSeed(
    plan.rows,
    tenants.map((t) => t.id),
  );
});

const run = (seed: number, count: number, from: Snapshot = snapshot): SimEvent[] => {
  const workload = new Workload(seed, from, fixedClock());
  return Array.from({ length: count }, () => workload.next());
};

const key = (id: Param | undefined) => (isRowRef(id) ? `#${id.ref}` : String(id));

describe('the simulation workload', () => {
  let events: SimEvent[];
  beforeAll(() => {
    events = run(1, 10_000);
  });

  it('repeats for a seed, and differs for another', () => {
    expect(run(1, 3000)).toEqual(events.slice(0, 3000));
    expect(run(2, 300)).not.toEqual(events.slice(0, 300));
  });

  it('keeps every foreign key, CHECK and unique key valid, and every update a real change', () => {
    const db = new ShadowDb(snapshot);
    for (const event of events) db.apply(event);
    expect(events.every((e) => e.changes.length > 0 && e.seq > 0)).toBe(true);
  });

  it('has the documented mix over 10,000 events', () => {
    const byKind = Object.fromEntries(eventKinds.map((k) => [k, 0])) as Record<EventKind, number>;
    const byTable = emptyTableCounts();
    let changes = 0;
    for (const event of events) {
      byKind[event.kind]++;
      changes += eventChanges(event);
      addEventCounts(byTable, event);
    }
    // Within a tenth of each share, and never closer than half a point for the rare kinds.
    const near = (actual: number, expected: number) =>
      expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(0.5, expected / 10));
    for (const kind of eventKinds) near((byKind[kind] / events.length) * 100, expectedMix.events[kind]);
    for (const table of simTables) {
      const { c, u, d } = byTable[table];
      near(((c + u + d) / changes) * 100, expectedMix.changes[table]);
    }
    expect(Math.abs(changes / events.length - expectedMix.changesPerEvent)).toBeLessThan(0.15);
  });

  it('keeps the money consistent: lines, order total, payments and invoice agree to the cent', () => {
    const totals = new Map<string, number>();
    for (const order of snapshot.tenants.flatMap((t) => t.openOrders))
      totals.set(String(order.id), order.totalCents);
    let invoices = 0;
    for (const event of events) {
      for (const change of event.changes) {
        if (change.op !== 'c') continue;
        for (const row of change.rows) {
          if (change.table === 'orders')
            totals.set(key(change.creates), parseCents(String(row.total_amount)));
          if (change.table === 'payments')
            expect(parseCents(String(row.amount))).toBe(totals.get(key(row.order_id)));
          if (change.table === 'invoices') {
            invoices++;
            const total = parseCents(String(row.total_amount));
            expect(total).toBe(totals.get(key(row.order_id)));
            expect(parseCents(String(row.net_amount)) + parseCents(String(row.tax_amount))).toBe(total);
          }
        }
      }
      if (event.kind !== 'order.place') continue;
      const [order, items] = event.changes;
      if (order?.op !== 'c' || items?.op !== 'c') throw new Error('an order is placed with its lines first');
      const lines = items.rows.map((r) => {
        const amount = parseCents(String(r.line_amount));
        expect(amount).toBe(
          Number(r.quantity) * parseCents(String(r.unit_price)) - parseCents(String(r.discount_amount)),
        );
        return amount;
      });
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(5);
      expect(lines.reduce((a, b) => a + b, 0)).toBe(parseCents(String(order.rows[0]?.total_amount)));
    }
    expect(invoices).toBeGreaterThan(1000);
  });

  it('writes business times from the clock, with microseconds', () => {
    const placed = events.find((e) => e.kind === 'order.place');
    const order = placed?.changes[0];
    if (order?.op !== 'c') throw new Error('no order placed');
    const orderedAt = String(order.rows[0]?.ordered_at);
    expect(orderedAt).toMatch(/^2026-12-06 00:00:\d\d\.\d{6}$/);
    expect(sqlMicros(start + 0.25)).toBe('2026-12-06 00:00:00.000250');
  });

  it('leaves the snapshot as it found it', () => {
    const before = JSON.stringify(snapshot);
    run(3, 2000);
    expect(JSON.stringify(snapshot)).toBe(before);
  });

  it('says so when the tenants offer nothing to act on', () => {
    const empty: Snapshot = {
      ...snapshot,
      tenants: [
        {
          tenantId: 'bare',
          vendors: [],
          products: [],
          warehouses: [],
          inventory: [],
          customers: [],
          openOrders: [],
        },
      ],
    };
    expect(() => run(1, 1, empty)).toThrow(/nothing to simulate for bare/);
  });
});

describe('the shadow database', () => {
  const tenant = () => snapshot.tenants[0] as Snapshot['tenants'][number];
  const event = (kind: EventKind, changes: SimEvent['changes']): SimEvent => ({
    seq: 1,
    kind,
    tenantId: tenant().tenantId,
    changes,
  });

  it('refuses what MariaDB or the binlog would', () => {
    const db = new ShadowDb(snapshot);
    const stock = tenant().inventory[0];
    const buyer = tenant().customers.find((c) => c.hasOrders);
    const customer = tenant().customers[0];
    if (!stock || !buyer || !customer) throw new Error('the seed has no stock or buyers');
    const where = { sku: stock.sku, warehouse_id: stock.warehouseId };
    expect(() =>
      db.apply(
        event('customer.move', [
          {
            op: 'u',
            table: 'customers',
            set: { address_line1: customer.addressLine1 },
            where: { id: customer.id },
          },
        ]),
      ),
    ).toThrow(/no-op update/);
    expect(() =>
      db.apply(
        event('stock.receive', [
          { op: 'u', table: 'inventory', set: { reserved: { add: -(stock.reserved + 1) } }, where },
        ]),
      ),
    ).toThrow(/ck_inventory/);
    expect(() =>
      db.apply(event('customer.delete', [{ op: 'd', table: 'customers', where: { id: buyer.id } }])),
    ).toThrow(/has orders/);
    expect(() =>
      db.apply(
        event('order.place', [
          {
            op: 'c',
            table: 'orders',
            creates: { ref: 1 },
            rows: [{ tenant_id: tenant().tenantId, customer_id: -1 }],
          },
        ]),
      ),
    ).toThrow(/customers: no row -1/);
  });
});
