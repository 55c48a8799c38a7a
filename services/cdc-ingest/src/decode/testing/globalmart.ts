import { hintsFromRowSchema } from '../hints';
import type { TableSpec } from '../types';

/**
 * `<Entity>Row`-shaped Avro schemas for the GlobalMart tables the tests use, written from
 * db/globalmart/schema.sql through the mapping in libs/schemas/README.md ("Row values"). Test data
 * only: the real row schemas live in libs/schemas.
 */
type AvroType = string | Record<string, unknown>;
const decimal = (precision: number, scale: number): AvroType => ({
  type: 'bytes',
  logicalType: 'decimal',
  precision,
  scale,
});
// The captured fixtures come from the DATETIME(3) / TIMESTAMP(3) columns of row schema v1, so their
// hints say milliseconds; the service's own hints follow the newest row schemas (microseconds).
const datetime: AvroType = { type: 'long', logicalType: 'local-timestamp-millis' };
const timestamp: AvroType = { type: 'long', logicalType: 'timestamp-millis' };
const date: AvroType = { type: 'int', logicalType: 'date' };

function rowSchema(name: string, fields: [string, AvroType, 'null'?][]): unknown {
  return {
    type: 'record',
    name: `${name}Row`,
    fields: fields.map(([field, type, nullable]) =>
      nullable ? { name: field, type: ['null', type], default: null } : { name: field, type },
    ),
  };
}

const audit: [string, AvroType][] = [
  ['created_at', timestamp],
  ['updated_at', timestamp],
];

export const rowSchemas = {
  orders: rowSchema('Orders', [
    ['id', 'long'],
    ['tenant_id', 'string'],
    ['customer_id', 'long'],
    ['market_id', 'string'],
    ['warehouse_id', 'string'],
    ['status', 'string'],
    ['currency', 'string'],
    ['total_amount', decimal(12, 2)],
    ['ordered_at', datetime],
    ['shipped_at', datetime, 'null'],
    ['delivered_at', datetime, 'null'],
    ...audit,
  ]),
  order_items: rowSchema('OrderItems', [
    ['id', 'long'],
    ['tenant_id', 'string'],
    ['order_id', 'long'],
    ['sku', 'string'],
    ['quantity', 'int'],
    ['unit_price', decimal(12, 2)],
    ['discount_amount', decimal(12, 2)],
    ['line_amount', decimal(12, 2)],
    ...audit,
  ]),
  products: rowSchema('Products', [
    ['sku', 'string'],
    ['tenant_id', 'string'],
    ['vendor_id', 'long'],
    ['name', 'string'],
    ['category', 'string'],
    ['subcategory', 'string'],
    ['brand', 'string'],
    ['list_price_usd', decimal(12, 2)],
    ['unit_cost_usd', decimal(12, 2)],
    ['attributes', 'string'],
    ['active', 'boolean'],
    ...audit,
  ]),
  fx_rates: rowSchema('FxRates', [
    ['currency', 'string'],
    ['rate_date', date],
    ['rate_to_usd', decimal(18, 8)],
    ...audit,
  ]),
};

export const tables: Readonly<Record<string, TableSpec>> = {
  orders: { primaryKey: ['id'], columns: hintsFromRowSchema(rowSchemas.orders) },
  order_items: { primaryKey: ['id'], columns: hintsFromRowSchema(rowSchemas.order_items) },
  products: { primaryKey: ['sku'], columns: hintsFromRowSchema(rowSchemas.products) },
  fx_rates: { primaryKey: ['currency', 'rate_date'], columns: hintsFromRowSchema(rowSchemas.fx_rates) },
  inventory: { primaryKey: ['sku', 'warehouse_id'] },
  customers: { primaryKey: ['id'] },
  invoices: { primaryKey: ['id'] },
};
