import type { Category } from '../catalog';
import type { Region } from '../markets';
import type { InvoiceStatus, OrderStatus, PaymentMethod, PaymentStatus } from '../rows';

/**
 * What exists in MariaDB when a simulation starts, for the tenants it acts on: just the columns the
 * workload needs to keep every foreign key and CHECK valid and every update a real change. Money is
 * in integer cents, fx rates in 1e-8 units (see money.ts).
 */
export interface Snapshot {
  /** Every market of the reference table (orders take currency and tax from the customer's market). */
  markets: readonly SnapshotMarket[];
  /** The latest USD rate per currency, 1e-8 units. */
  fxRatesE8: Readonly<Record<string, number>>;
  tenants: readonly TenantSnapshot[];
}

export interface SnapshotMarket {
  marketId: string;
  countryCode: string;
  region: Region;
  currency: string;
  /** DECIMAL(5,3) text as stored, e.g. '19.000'; invoices copy it. */
  taxRate: string;
}

export interface TenantSnapshot {
  tenantId: string;
  vendors: readonly { id: number; category: Category }[];
  products: readonly SnapshotProduct[];
  warehouses: readonly { warehouseId: string; marketId: string }[];
  inventory: readonly SnapshotStock[];
  customers: readonly SnapshotCustomer[];
  /** Orders not yet delivered, cancelled or returned (the most recent ones, up to a limit). */
  openOrders: readonly SnapshotOrder[];
}

export interface SnapshotProduct {
  sku: string;
  category: Category;
  subcategory: string;
  listPriceUsdCents: number;
  active: boolean;
}

export interface SnapshotStock {
  sku: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  reorderPoint: number;
}

export interface SnapshotCustomer {
  id: number;
  marketId: string;
  addressLine1: string;
  hasOrders: boolean;
}

export interface SnapshotOrder {
  id: number;
  customerId: number;
  marketId: string;
  warehouseId: string;
  status: Extract<OrderStatus, 'pending' | 'paid' | 'shipped'>;
  currency: string;
  totalCents: number;
  items: readonly { sku: string; quantity: number }[];
  payments: readonly { id: number; method: PaymentMethod; status: PaymentStatus }[];
  invoice?: { id: number; status: InvoiceStatus };
}
