import type { Category } from './catalog';
import type { Region } from './markets';

/**
 * One interface per table of db/globalmart/schema.sql, in SQL terms: DECIMAL values are exact
 * decimal strings ('1234.50'), DATETIME/TIMESTAMP are 'YYYY-MM-DD HH:MM:SS.mmm' in UTC, DATE is
 * 'YYYY-MM-DD', JSON is its text.
 */
export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'returned';
export type PaymentMethod = 'card' | 'paypal' | 'bank_transfer' | 'gift_card';
export type PaymentStatus = 'pending' | 'authorized' | 'captured' | 'failed' | 'refunded' | 'voided';
export type InvoiceStatus = 'issued' | 'paid' | 'credited' | 'void';
export type CustomerSegment = 'consumer' | 'corporate' | 'home_office';

interface Timestamps {
  created_at: string;
  updated_at: string;
}

export interface TenantRow extends Timestamps {
  tenant_id: string;
  name: string;
}

export interface MarketRow extends Timestamps {
  market_id: string;
  country_code: string;
  region: Region;
  name: string;
  currency: string;
  tax_rate: string;
}

export interface FxRateRow extends Timestamps {
  currency: string;
  rate_date: string;
  rate_to_usd: string;
}

export interface VendorRow extends Timestamps {
  id: number;
  tenant_id: string;
  name: string;
  line_of_business: Category;
  country_code: string;
  contact_email: string;
  phone: string;
}

export interface ProductRow extends Timestamps {
  sku: string;
  tenant_id: string;
  vendor_id: number;
  name: string;
  category: Category;
  subcategory: string;
  brand: string;
  list_price_usd: string;
  unit_cost_usd: string;
  attributes: string;
  active: boolean;
}

export interface WarehouseRow extends Timestamps {
  warehouse_id: string;
  tenant_id: string;
  market_id: string;
  name: string;
  address_line1: string;
  city: string;
  postal_code: string;
  country_code: string;
}

export interface InventoryRow extends Timestamps {
  sku: string;
  warehouse_id: string;
  tenant_id: string;
  on_hand: number;
  reserved: number;
  reorder_point: number;
}

export interface CustomerRow extends Timestamps {
  id: number;
  tenant_id: string;
  market_id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  address_line1: string;
  address_line2: string | null;
  city: string;
  postal_code: string;
  country_code: string;
  segment: CustomerSegment;
}

export interface OrderRow extends Timestamps {
  id: number;
  tenant_id: string;
  customer_id: number;
  market_id: string;
  warehouse_id: string;
  status: OrderStatus;
  currency: string;
  total_amount: string;
  ordered_at: string;
  shipped_at: string | null;
  delivered_at: string | null;
}

export interface OrderItemRow extends Timestamps {
  id: number;
  tenant_id: string;
  order_id: number;
  sku: string;
  quantity: number;
  unit_price: string;
  discount_amount: string;
  line_amount: string;
}

export interface PaymentRow extends Timestamps {
  id: number;
  tenant_id: string;
  order_id: number;
  method: PaymentMethod;
  status: PaymentStatus;
  amount: string;
  currency: string;
  provider_ref: string;
  failure_reason: string | null;
}

export interface InvoiceRow extends Timestamps {
  id: number;
  tenant_id: string;
  order_id: number;
  invoice_number: string;
  status: InvoiceStatus;
  currency: string;
  net_amount: string;
  tax_rate: string;
  tax_amount: string;
  total_amount: string;
  issued_at: string;
  due_date: string;
}

export interface SeedRows {
  tenants: TenantRow[];
  markets: MarketRow[];
  fx_rates: FxRateRow[];
  vendors: VendorRow[];
  products: ProductRow[];
  warehouses: WarehouseRow[];
  inventory: InventoryRow[];
  customers: CustomerRow[];
  orders: OrderRow[];
  order_items: OrderItemRow[];
  payments: PaymentRow[];
  invoices: InvoiceRow[];
}

export type SeedTable = keyof SeedRows;

/** Columns in schema order; the type makes the compiler reject a column the row type lacks. */
// biome-ignore format: one table per line
export const seedColumns: { readonly [T in SeedTable]: readonly (keyof SeedRows[T][number] & string)[] } = {
  tenants: ['tenant_id', 'name', 'created_at', 'updated_at'],
  markets: ['market_id', 'country_code', 'region', 'name', 'currency', 'tax_rate', 'created_at', 'updated_at'],
  fx_rates: ['currency', 'rate_date', 'rate_to_usd', 'created_at', 'updated_at'],
  vendors: ['id', 'tenant_id', 'name', 'line_of_business', 'country_code', 'contact_email', 'phone', 'created_at', 'updated_at'],
  products: ['sku', 'tenant_id', 'vendor_id', 'name', 'category', 'subcategory', 'brand', 'list_price_usd', 'unit_cost_usd', 'attributes', 'active', 'created_at', 'updated_at'],
  warehouses: ['warehouse_id', 'tenant_id', 'market_id', 'name', 'address_line1', 'city', 'postal_code', 'country_code', 'created_at', 'updated_at'],
  inventory: ['sku', 'warehouse_id', 'tenant_id', 'on_hand', 'reserved', 'reorder_point', 'created_at', 'updated_at'],
  customers: ['id', 'tenant_id', 'market_id', 'first_name', 'last_name', 'email', 'phone', 'address_line1', 'address_line2', 'city', 'postal_code', 'country_code', 'segment', 'created_at', 'updated_at'],
  orders: ['id', 'tenant_id', 'customer_id', 'market_id', 'warehouse_id', 'status', 'currency', 'total_amount', 'ordered_at', 'shipped_at', 'delivered_at', 'created_at', 'updated_at'],
  order_items: ['id', 'tenant_id', 'order_id', 'sku', 'quantity', 'unit_price', 'discount_amount', 'line_amount', 'created_at', 'updated_at'],
  payments: ['id', 'tenant_id', 'order_id', 'method', 'status', 'amount', 'currency', 'provider_ref', 'failure_reason', 'created_at', 'updated_at'],
  invoices: ['id', 'tenant_id', 'order_id', 'invoice_number', 'status', 'currency', 'net_amount', 'tax_rate', 'tax_amount', 'total_amount', 'issued_at', 'due_date', 'created_at', 'updated_at'],
};

/** Parents before children, so foreign keys hold while loading. */
export const seedTableOrder: readonly SeedTable[] = [
  'tenants',
  'markets',
  'fx_rates',
  'vendors',
  'products',
  'warehouses',
  'inventory',
  'customers',
  'orders',
  'order_items',
  'payments',
  'invoices',
];
