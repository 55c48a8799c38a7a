import { type Category, categoryCodes, type Subcategory, subcategories } from '../catalog';
import { type Market, markets } from '../markets';
import type { InvoiceStatus, OrderStatus, PaymentMethod, PaymentStatus } from '../rows';
import { tenantMarkets, tenants } from '../tenants';
import { Bag } from './bag';
import type { Id } from './changes';
import type { Snapshot, SnapshotMarket, TenantSnapshot } from './snapshot';

/**
 * The model's picture of the database: built from the snapshot, then changed by each event as it is
 * generated (the executor keeps commits in the same order wherever two events share a row). Because
 * the model only ever acts on what this picture holds, every event is valid by construction.
 */
export interface SimCustomer {
  id: Id;
  marketId: string;
  addressLine1: string;
  orders: number;
}

export interface SimProduct {
  sku: string;
  category: Category;
  subcategory: Subcategory | undefined;
  listCents: number;
  active: boolean;
}

export interface SimStock {
  sku: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  reorderPoint: number;
  /** Open order lines that will still move this row's stock; a row is only deleted at 0. */
  holds: number;
}

export interface SimLine {
  sku: string;
  quantity: number;
  /** Units this run reserved for the line (0 for orders found in the snapshot). */
  reserved: number;
  /** Whether the line holds its stock row (see SimStock.holds). */
  held: boolean;
}

export interface SimPayment {
  id: Id;
  method: PaymentMethod;
  status: PaymentStatus;
}

export interface SimOrder {
  id: Id;
  tenant: TenantWorld;
  warehouseId: string;
  market: SnapshotMarket;
  method: PaymentMethod;
  status: OrderStatus;
  totalCents: number;
  lines: SimLine[];
  payments: SimPayment[];
  invoice: { id: Id; status: InvoiceStatus } | undefined;
}

export interface TenantWorld {
  id: string;
  /** Upper-case id, the prefix of SKUs and invoice numbers (as the seed makes them). */
  prefix: string;
  /** Relative share of spontaneous events: bigger tenants see more traffic. */
  weight: number;
  vendors: ReadonlyMap<Category, readonly number[]>;
  products: Map<string, SimProduct>;
  productBag: Bag<SimProduct>;
  /** Last number used per category in `<PREFIX>-<CODE>-<n>` SKUs. */
  skuSequence: Map<Category, number>;
  warehouses: readonly { warehouseId: string; market: SnapshotMarket }[];
  stock: Map<string, SimStock>;
  stockByWarehouse: Map<string, Bag<SimStock>>;
  allStock: Bag<SimStock>;
  /** Rows with nothing on hand or reserved: candidates for deletion. */
  emptyStock: Bag<SimStock>;
  customers: Bag<SimCustomer>;
  buyers: Bag<SimCustomer>;
  /** Markets new customers come from, with the locale data that makes their names and addresses. */
  signupMarkets: readonly Market[];
  /** Snapshot orders still to be paid, shipped or delivered. */
  backlog: Bag<SimOrder>;
}

export interface World {
  markets: ReadonlyMap<string, SnapshotMarket>;
  fxRatesE8: Readonly<Record<string, number>>;
  tenants: readonly TenantWorld[];
  /** E-mail addresses handed out this run, so new customers get distinct ones. */
  emails: Set<string>;
}

export const stockKey = (sku: string, warehouseId: string) => `${sku}|${warehouseId}`;

const marketById = new Map(markets.map((m) => [m.id, m]));

export function buildWorld(snapshot: Snapshot): World {
  const marketMap = new Map(snapshot.markets.map((m) => [m.marketId, m]));
  return {
    markets: marketMap,
    fxRatesE8: snapshot.fxRatesE8,
    tenants: snapshot.tenants.map((t) => buildTenant(t, marketMap)),
    emails: new Set(),
  };
}

function buildTenant(t: TenantSnapshot, marketMap: ReadonlyMap<string, SnapshotMarket>): TenantWorld {
  const vendors = new Map<Category, number[]>();
  for (const v of t.vendors) vendors.set(v.category, [...(vendors.get(v.category) ?? []), v.id]);
  const prefix = t.tenantId.toUpperCase();
  const skuSequence = new Map<Category, number>();
  const products = new Map<string, SimProduct>();
  for (const p of t.products) {
    products.set(p.sku, {
      sku: p.sku,
      category: p.category,
      subcategory: subcategories.find((s) => s.category === p.category && s.name === p.subcategory),
      listCents: p.listPriceUsdCents,
      active: p.active,
    });
    const n = skuNumber(prefix, p.category, p.sku);
    if (n !== undefined && n > (skuSequence.get(p.category) ?? 0)) skuSequence.set(p.category, n);
  }
  const warehouses = t.warehouses.flatMap((w) => {
    const market = marketMap.get(w.marketId);
    return market ? [{ warehouseId: w.warehouseId, market }] : [];
  });
  const world: TenantWorld = {
    id: t.tenantId,
    prefix,
    weight: Math.max(1, t.customers.length),
    vendors,
    products,
    productBag: new Bag(products.values()),
    skuSequence,
    warehouses,
    stock: new Map(),
    stockByWarehouse: new Map(warehouses.map((w) => [w.warehouseId, new Bag<SimStock>()])),
    allStock: new Bag(),
    emptyStock: new Bag(),
    customers: new Bag(),
    buyers: new Bag(),
    signupMarkets: signupMarkets(t, warehouses),
    backlog: new Bag(),
  };
  for (const s of t.inventory) addStock(world, { ...s, holds: 0 });
  for (const c of t.customers) {
    const customer = {
      id: c.id,
      marketId: c.marketId,
      addressLine1: c.addressLine1,
      orders: c.hasOrders ? 1 : 0,
    };
    world.customers.add(customer);
    if (customer.orders > 0) world.buyers.add(customer);
  }
  // An order not yet shipped holds its units in `reserved` (as the simulator's own orders do), as
  // far as the row's reserved count covers it: the seed's orders reserved nothing, its rows hold
  // arbitrary reservations, and a release must never take reserved below 0.
  const unclaimed = new Map<SimStock, number>();
  for (const o of t.openOrders) {
    const market = marketMap.get(o.marketId);
    if (!market) continue;
    const lines = o.items.map((item): SimLine => {
      const stock = world.stock.get(stockKey(item.sku, o.warehouseId));
      if (!stock) return { sku: item.sku, quantity: item.quantity, reserved: 0, held: false };
      stock.holds++;
      const free = unclaimed.get(stock) ?? stock.reserved;
      const reserved = o.status === 'shipped' ? 0 : Math.max(0, Math.min(item.quantity, free));
      unclaimed.set(stock, free - reserved);
      return { sku: item.sku, quantity: item.quantity, reserved, held: true };
    });
    world.backlog.add({
      id: o.id,
      tenant: world,
      warehouseId: o.warehouseId,
      market,
      method: o.payments[0]?.method ?? 'card',
      status: o.status,
      totalCents: o.totalCents,
      lines,
      payments: o.payments.map((p) => ({ ...p })),
      invoice: o.invoice && { ...o.invoice },
    });
  }
  return world;
}

/** The n of '<PREFIX>-<CODE>-<n>', if the SKU follows the seed's pattern for this tenant. */
function skuNumber(prefix: string, category: Category, sku: string): number | undefined {
  const head = `${prefix}-${categoryCodes[category]}-`;
  if (!sku.startsWith(head)) return undefined;
  const n = Number(sku.slice(head.length));
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A seeded tenant signs up customers in its regions; any other tenant where it has warehouses. */
function signupMarkets(t: TenantSnapshot, warehouses: TenantWorld['warehouses']): readonly Market[] {
  const seeded = tenants.find((s) => s.id === t.tenantId);
  if (seeded) return tenantMarkets(seeded);
  const ids = new Set([...warehouses.map((w) => w.market.marketId), ...t.customers.map((c) => c.marketId)]);
  return [...ids].sort().flatMap((id) => marketById.get(id) ?? []);
}

export function addStock(world: TenantWorld, stock: SimStock): void {
  world.stock.set(stockKey(stock.sku, stock.warehouseId), stock);
  world.stockByWarehouse.get(stock.warehouseId)?.add(stock);
  world.allStock.add(stock);
  stockChanged(world, stock);
}

export function removeStock(world: TenantWorld, stock: SimStock): void {
  world.stock.delete(stockKey(stock.sku, stock.warehouseId));
  world.stockByWarehouse.get(stock.warehouseId)?.delete(stock);
  world.allStock.delete(stock);
  world.emptyStock.delete(stock);
}

/** Keeps the empty-row pool current after on_hand or reserved moved. */
export function stockChanged(world: TenantWorld, stock: SimStock): void {
  if (stock.onHand === 0 && stock.reserved === 0) world.emptyStock.add(stock);
  else world.emptyStock.delete(stock);
}

export const available = (stock: SimStock) => stock.onHand - stock.reserved;

export function marketObject(marketId: string): Market | undefined {
  return marketById.get(marketId);
}
