import { parseCents } from '../money';
import type { SeedRows } from '../rows';
import { openOrderLimit, rateE8 } from './read-snapshot';
import type { Snapshot, SnapshotOrder, TenantSnapshot } from './snapshot';

/**
 * The snapshot `readSnapshot` would read from a database holding exactly these seed rows: lets unit
 * tests and benchmarks drive the workload model without a server.
 */
export function snapshotFromSeed(rows: SeedRows, tenantIds: readonly string[]): Snapshot {
  const latest = new Map<string, { date: string; rate: string }>();
  for (const fx of rows.fx_rates) {
    const seen = latest.get(fx.currency);
    if (!seen || fx.rate_date > seen.date)
      latest.set(fx.currency, { date: fx.rate_date, rate: fx.rate_to_usd });
  }
  return {
    markets: rows.markets.map((m) => ({
      marketId: m.market_id,
      countryCode: m.country_code,
      region: m.region,
      currency: m.currency,
      taxRate: m.tax_rate,
    })),
    fxRatesE8: Object.fromEntries([...latest].sort().map(([currency, { rate }]) => [currency, rateE8(rate)])),
    tenants: tenantIds.map((id) => tenantFromSeed(rows, id)),
  };
}

function tenantFromSeed(rows: SeedRows, tenantId: string): TenantSnapshot {
  const mine = <T extends { tenant_id: string }>(list: readonly T[]) =>
    list.filter((r) => r.tenant_id === tenantId);
  const orders = mine(rows.orders);
  const buyers = new Set(orders.map((o) => o.customer_id));
  const open = orders
    .filter((o) => o.status === 'pending' || o.status === 'paid' || o.status === 'shipped')
    .sort((a, b) => b.id - a.id)
    .slice(0, openOrderLimit)
    .reverse();
  const openIds = new Set(open.map((o) => o.id));
  const items = mine(rows.order_items).filter((i) => openIds.has(i.order_id));
  const payments = mine(rows.payments).filter((p) => openIds.has(p.order_id));
  const invoices = mine(rows.invoices).filter((i) => openIds.has(i.order_id));
  const bySku = (a: { sku: string }, b: { sku: string }) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);
  return {
    tenantId,
    vendors: mine(rows.vendors).map((v) => ({ id: v.id, category: v.line_of_business })),
    products: mine(rows.products)
      .sort(bySku)
      .map((p) => ({
        sku: p.sku,
        category: p.category,
        subcategory: p.subcategory,
        listPriceUsdCents: parseCents(p.list_price_usd),
        active: p.active,
      })),
    warehouses: mine(rows.warehouses).map((w) => ({ warehouseId: w.warehouse_id, marketId: w.market_id })),
    inventory: mine(rows.inventory).map((s) => ({
      sku: s.sku,
      warehouseId: s.warehouse_id,
      onHand: s.on_hand,
      reserved: s.reserved,
      reorderPoint: s.reorder_point,
    })),
    customers: mine(rows.customers).map((c) => ({
      id: c.id,
      marketId: c.market_id,
      addressLine1: c.address_line1,
      hasOrders: buyers.has(c.id),
    })),
    openOrders: open.map((o): SnapshotOrder => {
      const invoice = invoices.find((i) => i.order_id === o.id);
      return {
        id: o.id,
        customerId: o.customer_id,
        marketId: o.market_id,
        warehouseId: o.warehouse_id,
        status: o.status as SnapshotOrder['status'],
        currency: o.currency,
        totalCents: parseCents(o.total_amount),
        items: items.filter((i) => i.order_id === o.id).map((i) => ({ sku: i.sku, quantity: i.quantity })),
        payments: payments
          .filter((p) => p.order_id === o.id)
          .map((p) => ({ id: p.id, method: p.method, status: p.status })),
        ...(invoice && { invoice: { id: invoice.id, status: invoice.status } }),
      };
    }),
  };
}
