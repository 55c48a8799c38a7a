// Generated from libs/schemas/avro/rows/*: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

import type { CustomersRow } from './customers';
import type { FxRatesRow } from './fx_rates';
import type { InventoryRow } from './inventory';
import type { InvoicesRow } from './invoices';
import type { MarketsRow } from './markets';
import type { OrderItemsRow } from './order_items';
import type { OrdersRow } from './orders';
import type { PaymentsRow } from './payments';
import type { ProductsRow } from './products';
import type { TenantsRow } from './tenants';
import type { VendorsRow } from './vendors';
import type { WarehousesRow } from './warehouses';

/** The GlobalMart tables captured, one entity each. */
export const TABLES = [
  'customers',
  'fx_rates',
  'inventory',
  'invoices',
  'markets',
  'order_items',
  'orders',
  'payments',
  'products',
  'tenants',
  'vendors',
  'warehouses',
] as const;

export type Table = (typeof TABLES)[number];

/** The row type of each table. */
export interface GlobalMartRows {
  customers: CustomersRow;
  fx_rates: FxRatesRow;
  inventory: InventoryRow;
  invoices: InvoicesRow;
  markets: MarketsRow;
  order_items: OrderItemsRow;
  orders: OrdersRow;
  payments: PaymentsRow;
  products: ProductsRow;
  tenants: TenantsRow;
  vendors: VendorsRow;
  warehouses: WarehousesRow;
}

/** A row of any GlobalMart table. */
export type GlobalMartRow = GlobalMartRows[Table];

/**
 * Facts about each table from its latest row schema: the row record and its version (N of the newest
 * avro/rows/<table>/vN.avsc, which the row type follows), the primary key in key order with each key
 * column's value type, and the tenant column (null for reference data shared by all tenants).
 */
export const ENTITIES = {
  customers: {
    record: 'CustomersRow',
    rowVersion: 2,
    primaryKey: ['id'],
    keyTypes: ['bigint'],
    tenantColumn: 'tenant_id',
  },
  fx_rates: {
    record: 'FxRatesRow',
    rowVersion: 2,
    primaryKey: ['currency', 'rate_date'],
    keyTypes: ['string', 'number'],
    tenantColumn: null,
  },
  inventory: {
    record: 'InventoryRow',
    rowVersion: 2,
    primaryKey: ['sku', 'warehouse_id'],
    keyTypes: ['string', 'string'],
    tenantColumn: 'tenant_id',
  },
  invoices: {
    record: 'InvoicesRow',
    rowVersion: 2,
    primaryKey: ['id'],
    keyTypes: ['bigint'],
    tenantColumn: 'tenant_id',
  },
  markets: {
    record: 'MarketsRow',
    rowVersion: 2,
    primaryKey: ['market_id'],
    keyTypes: ['string'],
    tenantColumn: null,
  },
  order_items: {
    record: 'OrderItemsRow',
    rowVersion: 2,
    primaryKey: ['id'],
    keyTypes: ['bigint'],
    tenantColumn: 'tenant_id',
  },
  orders: {
    record: 'OrdersRow',
    rowVersion: 2,
    primaryKey: ['id'],
    keyTypes: ['bigint'],
    tenantColumn: 'tenant_id',
  },
  payments: {
    record: 'PaymentsRow',
    rowVersion: 2,
    primaryKey: ['id'],
    keyTypes: ['bigint'],
    tenantColumn: 'tenant_id',
  },
  products: {
    record: 'ProductsRow',
    rowVersion: 2,
    primaryKey: ['sku'],
    keyTypes: ['string'],
    tenantColumn: 'tenant_id',
  },
  tenants: {
    record: 'TenantsRow',
    rowVersion: 2,
    primaryKey: ['tenant_id'],
    keyTypes: ['string'],
    tenantColumn: 'tenant_id',
  },
  vendors: {
    record: 'VendorsRow',
    rowVersion: 2,
    primaryKey: ['id'],
    keyTypes: ['bigint'],
    tenantColumn: 'tenant_id',
  },
  warehouses: {
    record: 'WarehousesRow',
    rowVersion: 2,
    primaryKey: ['warehouse_id'],
    keyTypes: ['string'],
    tenantColumn: 'tenant_id',
  },
} as const;
