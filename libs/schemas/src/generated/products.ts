// Generated from libs/schemas/avro/rows/products/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/** A row of globalmart.products: a sellable SKU of a tenant. */
export interface ProductsRow {
  sku: string;
  tenant_id: string;
  vendor_id: bigint;
  name: string;
  /** One of: Technology, Office Supplies, Furniture. */
  category: string;
  subcategory: string;
  brand: string;
  /** decimal(12,2) as plain text with exactly 2 decimals. */
  list_price_usd: string;
  /** decimal(12,2) as plain text with exactly 2 decimals. */
  unit_cost_usd: string;
  /** JSON text; its shape depends on category and subcategory. */
  attributes: string;
  active: boolean;
  /** UTC epoch microseconds. */
  created_at: bigint;
  /** UTC epoch microseconds. */
  updated_at: bigint;
}
