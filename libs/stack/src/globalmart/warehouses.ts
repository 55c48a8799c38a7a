import type { Category } from './catalog';
import { dayMs, epochOf, sqlDateTime } from './clock';
import { type SeedContext, scaledCount } from './context';
import { countryOf, type Market } from './markets';
import { postalAddress } from './people';
import type { Product } from './products';
import type { InventoryRow, WarehouseRow } from './rows';
import { type Tenant, tenantMarkets, tenantPrefix } from './tenants';

export interface Warehouse {
  row: WarehouseRow;
  market: Market;
}

/** Warehouses sit in the tenant's most populous markets, at most one per market until all are used. */
export function warehousesFor(ctx: SeedContext, tenant: Tenant): Warehouse[] {
  const rng = ctx.rng.fork(`warehouses:${tenant.id}`);
  const count = scaledCount(ctx, 25, tenant.share, 1);
  const candidates = tenantMarkets(tenant);
  const sites: Market[] = [];
  while (sites.length < count) {
    sites.push(...rng.sampleWeighted(candidates, count - sites.length, (m) => m.weight));
  }
  const perMarket = new Map<string, number>();
  return sites.map((market) => {
    const n = (perMarket.get(market.id) ?? 0) + 1;
    perMarket.set(market.id, n);
    const address = postalAddress(rng, market);
    const createdAt = ctx.periodEnd - rng.int(1000, 1500) * dayMs - rng.int(0, dayMs);
    return {
      market,
      row: {
        warehouse_id: `${tenantPrefix(tenant)}-WH-${market.id}-${String(n).padStart(2, '0')}`,
        tenant_id: tenant.id,
        market_id: market.id,
        name: `${tenant.name} ${address.city} ${rng.pick(['Distribution Center', 'Fulfillment Center', 'Logistics Hub'])}`,
        address_line1: address.line1,
        city: address.city,
        postal_code: address.postalCode,
        country_code: countryOf(market).code,
        created_at: sqlDateTime(createdAt),
        updated_at: sqlDateTime(createdAt),
      },
    };
  });
}

/** Typical stock depth per line: paper by the pallet, desks by the handful. */
export const stockDepth: Readonly<Record<Category, readonly [number, number]>> = {
  Technology: [2, 300],
  'Office Supplies': [40, 2000],
  Furniture: [1, 120],
};

/**
 * A SKU is stocked in about this many of its tenant's warehouses at most (a regional assortment).
 * Without the cap, inventory would grow with products × warehouses, i.e. with the square of scale.
 */
const warehousesPerSku = 8;

/** Stock for most of a tenant's SKU × warehouse pairs; inactive products are mostly sold out or delisted. */
export function inventoryFor(
  ctx: SeedContext,
  tenant: Tenant,
  products: readonly Product[],
  warehouses: readonly Warehouse[],
): InventoryRow[] {
  const rng = ctx.rng.fork(`inventory:${tenant.id}`);
  const coverage = Math.min(0.9, warehousesPerSku / warehouses.length);
  const rows: InventoryRow[] = [];
  for (const { row: product } of products) {
    for (const { row: warehouse } of warehouses) {
      if (!rng.chance(product.active ? coverage : coverage / 2)) continue;
      const [low, high] = stockDepth[product.category];
      const onHand = !product.active || rng.chance(0.06) ? 0 : rng.int(low, high);
      const stockedSince =
        Math.max(epochOf(product.created_at), epochOf(warehouse.created_at)) + rng.int(1, 30) * dayMs;
      const createdAt = Math.min(stockedSince, ctx.periodEnd - 30 * dayMs);
      rows.push({
        sku: product.sku,
        warehouse_id: warehouse.warehouse_id,
        tenant_id: tenant.id,
        on_hand: onHand,
        reserved: rng.int(0, Math.floor(onHand * 0.15)),
        reorder_point: Math.max(1, Math.round(((low + high) / 2) * (0.1 + rng.float() * 0.15))),
        created_at: sqlDateTime(createdAt),
        updated_at: sqlDateTime(ctx.periodEnd - rng.int(0, 14 * dayMs)),
      });
    }
  }
  return rows;
}
