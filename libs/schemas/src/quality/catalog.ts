import type { Table } from '../generated/catalog';
import { decimalIn, format, integer, jsonObject, oneOf, required } from './column-rules';
import { atMost, sumEquals } from './cross-field-rules';
import {
  countryCode,
  currencyCode,
  emailAddress,
  marketId,
  phoneNumber,
  sku,
  tenantId,
  warehouseId,
} from './formats';
import { type Rule, tableRules } from './rule';

/**
 * The quality rules cdc-ingest applies to each change's row image, per table of
 * db/globalmart/schema.sql. Every rule here dead-letters: it is declared only if a row breaking it
 * must not reach the lake or the inventory view. The source enforces little on purpose (schema.sql:
 * email format, reserved > on_hand, odd totals), and MySQL before 8.0.16 parses CHECK constraints
 * without enforcing them, so source CHECKs are repeated here rather than trusted.
 *
 * Every table: NOT NULL columns are required (a partial row image, e.g. DMS omitting a LOB column,
 * would otherwise blank them downstream), and tenant_id is a safe tenant id (it becomes the partition,
 * S3 prefix and DynamoDB key prefix). Enums list the source's values, because a non-strict sql_mode
 * stores '' for an invalid ENUM value, and a value added at the source must wait in the DLQ until
 * consumers know it.
 *
 * Deliberately not rules (the business accepts these rows, so they flow): updated_at >= created_at
 * and shipped_at/delivered_at order (server clocks step back, DATETIMEs come from systems in different
 * zones, and ordering hangs on the source position, not on these), unit_cost_usd <= list_price_usd
 * (loss leaders), due_date after issue, invoice tax = net × rate (rounding policies differ), a SKU
 * carrying its tenant's prefix (a naming habit, not a contract), and anything that needs another row
 * or table (order total = sum of its lines, invoice total = order total, currency = the market's):
 * a per-row check cannot see those; the enricher, which holds the reference state, can.
 */
// biome-ignore format: one rule per line reads as a spec
export const qualityCatalog = {
  // Tenants own everything else; a bad id here would mis-file every row that refers to it.
  tenants: tableRules('tenants',
    required('tenant_id', 'name', 'created_at', 'updated_at'),
    format('tenant_id', tenantId),
  ),

  // Reference data every tenant's orders are labelled and taxed with: one bad row mislabels them all.
  markets: tableRules('markets',
    required('market_id', 'country_code', 'region', 'name', 'currency', 'tax_rate', 'created_at', 'updated_at'),
    format('market_id', marketId),
    format('country_code', countryCode),
    oneOf('region', ['North America', 'Europe']),
    format('currency', currencyCode),
    decimalIn('tax_rate', { gte: '0', lt: '100' }), // a percentage (19.000 is 19 %): 1900 or -19 is a unit error
  ),

  // Reference data: every amount converted to USD is multiplied by a rate, and divided when going back.
  fx_rates: tableRules('fx_rates',
    required('currency', 'rate_date', 'rate_to_usd', 'created_at', 'updated_at'),
    format('currency', currencyCode),
    decimalIn('rate_to_usd', { gt: '0' }), // source CHECK ck_fx_rates_positive; a 0 rate divides by zero
  ),

  // Suppliers: contact details must at least be contact details, which the source never checks.
  vendors: tableRules('vendors',
    required('id', 'tenant_id', 'name', 'line_of_business', 'country_code', 'contact_email', 'phone', 'created_at', 'updated_at'),
    format('tenant_id', tenantId),
    oneOf('line_of_business', ['Technology', 'Office Supplies', 'Furniture']),
    format('country_code', countryCode),
    format('contact_email', emailAddress),
    format('phone', phoneNumber),
  ),

  // The catalogue the inventory view serves: its key, its prices and its attributes JSON are read as is.
  products: tableRules('products',
    required('sku', 'tenant_id', 'vendor_id', 'name', 'category', 'subcategory', 'brand', 'list_price_usd', 'unit_cost_usd', 'attributes', 'active', 'created_at', 'updated_at'),
    format('sku', sku),
    format('tenant_id', tenantId),
    oneOf('category', ['Technology', 'Office Supplies', 'Furniture']),
    decimalIn('list_price_usd', { gte: '0' }), // source CHECK ck_products_price
    decimalIn('unit_cost_usd', { gte: '0' }), // a negative cost would inflate every margin computed from it
    jsonObject('attributes'), // the inventory view and the lake index into it by key
  ),

  // Fulfilment sites: their id is half of the inventory key, their country places the stock.
  warehouses: tableRules('warehouses',
    required('warehouse_id', 'tenant_id', 'market_id', 'name', 'address_line1', 'city', 'postal_code', 'country_code', 'created_at', 'updated_at'),
    format('warehouse_id', warehouseId),
    format('tenant_id', tenantId),
    format('country_code', countryCode),
  ),

  // Stock fulfilment promises from: reserved > on_hand is stock promised twice, to be recounted, not served.
  inventory: tableRules('inventory',
    required('sku', 'warehouse_id', 'tenant_id', 'on_hand', 'reserved', 'reorder_point', 'created_at', 'updated_at'),
    format('sku', sku),
    format('warehouse_id', warehouseId),
    format('tenant_id', tenantId),
    integer('on_hand', { gte: 0 }), // source CHECK ck_inventory_on_hand
    integer('reserved', { gte: 0 }), // source CHECK ck_inventory_reserved
    integer('reorder_point', { gte: 0 }),
    atMost('reserved', 'on_hand'), // the source lets it through (schema.sql); fulfilment would promise stock it lacks
  ),

  // People who buy: the email is the contact channel and the pseudonymised identity downstream.
  customers: tableRules('customers',
    required('id', 'tenant_id', 'market_id', 'first_name', 'last_name', 'email', 'address_line1', 'city', 'postal_code', 'country_code', 'segment', 'created_at', 'updated_at'),
    format('tenant_id', tenantId),
    format('email', emailAddress), // neither unique nor checked at the source (schema.sql)
    format('phone', phoneNumber), // nullable: null passes, garbage does not
    format('country_code', countryCode),
    oneOf('segment', ['consumer', 'corporate', 'home_office']),
  ),

  // Revenue: the status drives every funnel and the amount every sum finance reports.
  orders: tableRules('orders',
    required('id', 'tenant_id', 'customer_id', 'market_id', 'warehouse_id', 'status', 'currency', 'total_amount', 'ordered_at', 'created_at', 'updated_at'),
    format('tenant_id', tenantId),
    oneOf('status', ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned']),
    format('currency', currencyCode), // the enricher converts with fx_rates by this code
    decimalIn('total_amount', { gte: '0' }),
  ),

  // Lines of an order: schema.sql defines line_amount = quantity × unit_price − discount_amount.
  order_items: tableRules('order_items',
    required('id', 'tenant_id', 'order_id', 'sku', 'quantity', 'unit_price', 'discount_amount', 'line_amount', 'created_at', 'updated_at'),
    format('tenant_id', tenantId),
    integer('quantity', { gte: 1 }), // source CHECK ck_order_items_quantity
    decimalIn('unit_price', { gte: '0' }),
    decimalIn('discount_amount', { gte: '0' }),
    decimalIn('line_amount', { gte: '0' }), // with the sum below: a discount never exceeds the line
    sumEquals('line_amount_adds_up', 'line_amount', [['quantity', 'unit_price']], ['discount_amount']),
  ),

  // Payment attempts: failed ones are normal rows; what must hold is a known method, status, amount and currency.
  payments: tableRules('payments',
    required('id', 'tenant_id', 'order_id', 'method', 'status', 'amount', 'currency', 'provider_ref', 'created_at', 'updated_at'),
    format('tenant_id', tenantId),
    oneOf('method', ['card', 'paypal', 'bank_transfer', 'gift_card']),
    oneOf('status', ['pending', 'authorized', 'captured', 'failed', 'refunded', 'voided']),
    decimalIn('amount', { gte: '0' }), // a refund changes the status, never the sign
    format('currency', currencyCode),
  ),

  // Finance's books: an invoice whose parts do not add up is not an invoice (schema.sql: net + tax = total).
  invoices: tableRules('invoices',
    required('id', 'tenant_id', 'order_id', 'invoice_number', 'status', 'currency', 'net_amount', 'tax_rate', 'tax_amount', 'total_amount', 'issued_at', 'due_date', 'created_at', 'updated_at'),
    format('tenant_id', tenantId),
    oneOf('status', ['issued', 'paid', 'credited', 'void']),
    format('currency', currencyCode),
    decimalIn('net_amount', { gte: '0' }), // crediting changes the status, not the sign
    decimalIn('tax_amount', { gte: '0' }),
    decimalIn('total_amount', { gte: '0' }),
    decimalIn('tax_rate', { gte: '0', lt: '100' }), // a percentage, copied from the market
    sumEquals('net_plus_tax_equals_total', 'total_amount', ['net_amount', 'tax_amount']),
  ),
} as const satisfies Record<Table, readonly Rule[]>; // a table added to the Avro schemas fails to build until it has rules

export type QualityTable = keyof typeof qualityCatalog;

export const qualityTables = Object.keys(qualityCatalog) as readonly QualityTable[];
