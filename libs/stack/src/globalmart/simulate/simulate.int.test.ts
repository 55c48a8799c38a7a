import { randomBytes } from 'node:crypto';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { loadStackConfig, sourceConnectionOptions } from '../../config';
import { simTables, type TableCounts } from './changes';
import { createFixtureTenant, type FixtureCounts } from './fixture-tenant';
import type { SimulationProgress, SimulationReport } from './report';
import { simulate, simulationPool } from './simulate';

/**
 * The simulator on the stack's MariaDB, for a tenant of the test's own (other tests share the
 * database): what it reports committed is what the database holds.
 */
describe('simulate on MariaDB', () => {
  let pool: Pool;
  const tenant = `sim-${randomBytes(4).toString('hex')}`;
  let fixture: FixtureCounts;
  let start: string;
  let reservedBefore: number;
  const reports: SimulationReport[] = [];

  const one = async (sql: string, params: unknown[] = []) => {
    const [rows] = await pool.query<RowDataPacket[]>(sql, params);
    return rows[0] as RowDataPacket;
  };

  beforeAll(async () => {
    pool = simulationPool(sourceConnectionOptions(loadStackConfig()), 8);
    fixture = await createFixtureTenant(pool, tenant);
    ({ start } = await one("SELECT DATE_FORMAT(NOW(6), '%Y-%m-%d %H:%i:%s.%f') AS start"));
    ({ reserved: reservedBefore } = await one(
      'SELECT CAST(SUM(reserved) AS SIGNED) AS reserved FROM inventory WHERE tenant_id = ?',
      [tenant],
    ));
  });
  afterAll(() => pool.end());

  it('runs ~2,000 changes at a high rate, reporting progress and the rate it reached', async () => {
    const progress: SimulationProgress[] = [];
    const report = await simulate(
      { rate: 5000, changes: 2000, tenants: [tenant], seed: 5, progressIntervalMs: 100 },
      { pool, onProgress: (p) => progress.push(p) },
    );
    reports.push(report);
    process.stderr.write(
      `simulate: ${report.changes} changes in ${Math.round(report.elapsedMs)} ms, ${Math.round(report.rate)} changes/s (target 5000)\n`,
    );
    expect(report).toMatchObject({ tenants: [tenant], failed: 0, stoppedBy: 'changes' });
    expect(report.changes).toBeGreaterThanOrEqual(2000);
    expect(report.rate).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.changes).toBeLessThanOrEqual(report.changes);
  });

  it('stops when its signal aborts, and a second run carries on from what the first left', async () => {
    const stop = new AbortController();
    const report = await simulate(
      { rate: 5000, tenants: [tenant], seed: 6, progressIntervalMs: 100, signal: stop.signal },
      { pool, onProgress: (p) => p.changes >= 500 && stop.abort() },
    );
    reports.push(report);
    expect(report).toMatchObject({ failed: 0, stoppedBy: 'signal' });
    expect(report.changes).toBeGreaterThanOrEqual(500);
    // The first run's open orders were this run's backlog.
    expect(report.kinds['order.backlog']).toBeGreaterThan(0);
  });

  it('leaves in MariaDB exactly the rows the reports counted', async () => {
    const total: TableCounts = Object.fromEntries(
      simTables.map((t) => [
        t,
        { c: sum(reports, t, 'c'), u: sum(reports, t, 'u'), d: sum(reports, t, 'd') },
      ]),
    ) as TableCounts;
    const before: Record<string, number> = {
      ...fixture,
      order_items: 0,
      orders: 0,
      payments: 0,
      invoices: 0,
    };
    for (const table of simTables) {
      const rows = await one(
        `SELECT COUNT(*) AS n, CAST(SUM(created_at >= ?) AS SIGNED) AS created,
           CAST(SUM(created_at < ? AND updated_at >= ?) AS SIGNED) AS updatedOld,
           CAST(SUM(updated_at > created_at) AS SIGNED) AS updatedAny
         FROM ${table} WHERE tenant_id = ?`,
        [start, start, start, tenant],
      );
      const { c, u, d } = total[table];
      expect({ table, rows: Number(rows.n) }).toEqual({ table, rows: (before[table] ?? 0) + c - d });
      expect(Number(rows.created)).toBeLessThanOrEqual(c);
      // updated_at moves once per updated row at least, and never without an update.
      expect(Number(rows.updatedOld)).toBeLessThanOrEqual(u);
      if (u === 0)
        expect({ table, updatedAny: Number(rows.updatedAny ?? 0) }).toEqual({ table, updatedAny: 0 });
      else if (table === 'customers' || table === 'products' || table === 'inventory')
        expect(Number(rows.updatedOld)).toBeGreaterThan(0);
      else expect(Number(rows.updatedAny)).toBeGreaterThan(0);
    }
  });

  it('keeps the stock and the money consistent', async () => {
    // Reserved stock is exactly what open orders still hold (the fixture's own reservations aside).
    const { reserved } = await one(
      'SELECT CAST(SUM(reserved) AS SIGNED) AS reserved FROM inventory WHERE tenant_id = ?',
      [tenant],
    );
    const { held } = await one(
      `SELECT CAST(COALESCE(SUM(i.quantity), 0) AS SIGNED) AS held FROM order_items i JOIN orders o ON o.tenant_id = i.tenant_id AND o.id = i.order_id
       WHERE o.tenant_id = ? AND o.status IN ('pending', 'paid')`,
      [tenant],
    );
    expect(Number(reserved) - Number(reservedBefore)).toBe(Number(held));
    const { badTotals } = await one(
      `SELECT COUNT(*) AS badTotals FROM orders o
       WHERE o.tenant_id = ? AND o.total_amount <> (SELECT SUM(line_amount) FROM order_items i WHERE i.tenant_id = o.tenant_id AND i.order_id = o.id)`,
      [tenant],
    );
    const { badInvoices } = await one(
      `SELECT COUNT(*) AS badInvoices FROM invoices v JOIN orders o ON o.tenant_id = v.tenant_id AND o.id = v.order_id
       WHERE v.tenant_id = ? AND (v.total_amount <> o.total_amount OR v.net_amount + v.tax_amount <> v.total_amount)`,
      [tenant],
    );
    const { unpaidShipped } = await one(
      `SELECT COUNT(*) AS unpaidShipped FROM orders o WHERE o.tenant_id = ? AND o.status IN ('paid', 'shipped', 'delivered')
       AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.tenant_id = o.tenant_id AND p.order_id = o.id AND p.status = 'captured')`,
      [tenant],
    );
    expect({
      badTotals: Number(badTotals),
      badInvoices: Number(badInvoices),
      unpaidShipped: Number(unpaidShipped),
    }).toEqual({
      badTotals: 0,
      badInvoices: 0,
      unpaidShipped: 0,
    });
  });
});

const sum = (reports: readonly SimulationReport[], table: (typeof simTables)[number], op: 'c' | 'u' | 'd') =>
  reports.reduce((total, r) => total + r.tables[table][op], 0);
