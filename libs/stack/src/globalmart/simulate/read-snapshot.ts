import { ConfigError } from '@lakestream/runtime';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { Category } from '../catalog';
import type { Region } from '../markets';
import { parseCents, rateScale } from '../money';
import type { InvoiceStatus, PaymentMethod, PaymentStatus } from '../rows';
import { tenants as seededTenants } from '../tenants';
import type { Snapshot, SnapshotOrder, TenantSnapshot } from './snapshot';

/** Open orders read per tenant: the most recent ones, enough for a backlog without a long read. */
export const openOrderLimit = 1000;

type Rows = RowDataPacket[];

/**
 * Which tenants to act on: named ones (each must exist), or the first N of the seeded tenants
 * (largest first), or all seeded tenants present. Tests name a tenant of their own.
 */
export async function resolveTenants(
  pool: Pool,
  wanted: number | readonly string[] | undefined,
): Promise<string[]> {
  const [rows] = await pool.query<Rows>('SELECT tenant_id FROM tenants ORDER BY tenant_id');
  const existing = rows.map((r) => String(r.tenant_id));
  if (Array.isArray(wanted)) {
    const unknown = wanted.filter((t) => !existing.includes(t));
    if (unknown.length > 0) {
      const known = existing.length > 12 ? `${existing.slice(0, 12).join(', ')}, ...` : existing.join(', ');
      throw new ConfigError(
        unknown.map((t) => `tenants: no tenant "${t}" in the database (there are: ${known})`),
      );
    }
    return [...new Set(wanted)];
  }
  const seeded = seededTenants.map((t) => t.id).filter((id) => existing.includes(id));
  const count = typeof wanted === 'number' ? wanted : seeded.length;
  if (seeded.length === 0)
    throw new ConfigError(['tenants: none of the seeded tenants exists; name tenants instead']);
  if (count > seeded.length) {
    throw new ConfigError([
      `tenants: asked for ${count}, the database has ${seeded.length} seeded (${seeded.join(', ')})`,
    ]);
  }
  return seeded.slice(0, count);
}

/** Reads what the workload needs for these tenants, in a fixed order so a seed repeats on the same data. */
export async function readSnapshot(pool: Pool, tenantIds: readonly string[]): Promise<Snapshot> {
  const q = async (sql: string, params: unknown[] = []) => (await pool.query<Rows>(sql, params))[0];
  const markets = (
    await q('SELECT market_id, country_code, region, currency, tax_rate FROM markets ORDER BY market_id')
  ).map((r) => ({
    marketId: String(r.market_id),
    countryCode: String(r.country_code),
    region: r.region as Region,
    currency: String(r.currency),
    taxRate: String(r.tax_rate),
  }));
  const fx = await q(
    `SELECT f.currency, f.rate_to_usd FROM fx_rates f
     JOIN (SELECT currency, MAX(rate_date) AS d FROM fx_rates GROUP BY currency) l ON l.currency = f.currency AND l.d = f.rate_date
     ORDER BY f.currency`,
  );
  const fxRatesE8 = Object.fromEntries(fx.map((r) => [String(r.currency), rateE8(String(r.rate_to_usd))]));
  const tenants: TenantSnapshot[] = [];
  for (const tenantId of tenantIds) tenants.push(await readTenant(q, tenantId));
  return { markets, fxRatesE8, tenants };
}

type Query = (sql: string, params?: unknown[]) => Promise<Rows>;

async function readTenant(q: Query, tenantId: string): Promise<TenantSnapshot> {
  const vendors = await q('SELECT id, line_of_business FROM vendors WHERE tenant_id = ? ORDER BY id', [
    tenantId,
  ]);
  const products = await q(
    'SELECT sku, category, subcategory, list_price_usd, active FROM products WHERE tenant_id = ? ORDER BY sku',
    [tenantId],
  );
  const warehouses = await q(
    'SELECT warehouse_id, market_id FROM warehouses WHERE tenant_id = ? ORDER BY warehouse_id',
    [tenantId],
  );
  const inventory = await q(
    'SELECT sku, warehouse_id, on_hand, reserved, reorder_point FROM inventory WHERE tenant_id = ? ORDER BY sku, warehouse_id',
    [tenantId],
  );
  const customers = await q(
    `SELECT c.id, c.market_id, c.address_line1,
       EXISTS (SELECT 1 FROM orders o WHERE o.tenant_id = c.tenant_id AND o.customer_id = c.id) AS has_orders
     FROM customers c WHERE c.tenant_id = ? ORDER BY c.id`,
    [tenantId],
  );
  return {
    tenantId,
    vendors: vendors.map((r) => ({ id: Number(r.id), category: r.line_of_business as Category })),
    products: products.map((r) => ({
      sku: String(r.sku),
      category: r.category as Category,
      subcategory: String(r.subcategory),
      listPriceUsdCents: parseCents(String(r.list_price_usd)),
      active: Boolean(r.active),
    })),
    warehouses: warehouses.map((r) => ({
      warehouseId: String(r.warehouse_id),
      marketId: String(r.market_id),
    })),
    inventory: inventory.map((r) => ({
      sku: String(r.sku),
      warehouseId: String(r.warehouse_id),
      onHand: Number(r.on_hand),
      reserved: Number(r.reserved),
      reorderPoint: Number(r.reorder_point),
    })),
    customers: customers.map((r) => ({
      id: Number(r.id),
      marketId: String(r.market_id),
      addressLine1: String(r.address_line1),
      hasOrders: Number(r.has_orders) === 1,
    })),
    openOrders: await readOpenOrders(q, tenantId),
  };
}

async function readOpenOrders(q: Query, tenantId: string): Promise<SnapshotOrder[]> {
  const orders = await q(
    `SELECT id, customer_id, market_id, warehouse_id, status, currency, total_amount FROM orders
     WHERE tenant_id = ? AND status IN ('pending', 'paid', 'shipped') ORDER BY id DESC LIMIT ${openOrderLimit}`,
    [tenantId],
  );
  if (orders.length === 0) return [];
  const ids = orders.map((r) => Number(r.id));
  const byOrder = async (sql: string) => {
    const rows = await q(sql, [tenantId, ids]);
    const grouped = new Map<number, Rows>();
    for (const row of rows)
      grouped.set(Number(row.order_id), [...(grouped.get(Number(row.order_id)) ?? []), row]);
    return grouped;
  };
  const items = await byOrder(
    'SELECT order_id, sku, quantity FROM order_items WHERE tenant_id = ? AND order_id IN (?) ORDER BY id',
  );
  const payments = await byOrder(
    'SELECT order_id, id, method, status FROM payments WHERE tenant_id = ? AND order_id IN (?) ORDER BY id',
  );
  const invoices = await byOrder(
    'SELECT order_id, id, status FROM invoices WHERE tenant_id = ? AND order_id IN (?)',
  );
  return orders
    .map((r): SnapshotOrder => {
      const id = Number(r.id);
      const invoice = invoices.get(id)?.[0];
      return {
        id,
        customerId: Number(r.customer_id),
        marketId: String(r.market_id),
        warehouseId: String(r.warehouse_id),
        status: r.status as SnapshotOrder['status'],
        currency: String(r.currency),
        totalCents: parseCents(String(r.total_amount)),
        items: (items.get(id) ?? []).map((i) => ({ sku: String(i.sku), quantity: Number(i.quantity) })),
        payments: (payments.get(id) ?? []).map((p) => ({
          id: Number(p.id),
          method: p.method as PaymentMethod,
          status: p.status as PaymentStatus,
        })),
        ...(invoice && { invoice: { id: Number(invoice.id), status: invoice.status as InvoiceStatus } }),
      };
    })
    .reverse();
}

/** '1.16000000' → 116000000 (DECIMAL(18,8) to integer 1e-8 units, exactly). */
export function rateE8(text: string): number {
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * rateScale + Number(fraction.padEnd(8, '0').slice(0, 8));
}
