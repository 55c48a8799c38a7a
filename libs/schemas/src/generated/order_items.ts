// Generated from libs/schemas/avro/rows/order_items/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/**
 * A row of globalmart.order_items: line_amount = quantity * unit_price - discount_amount, in the order
 * currency.
 */
export interface OrderItemsRow {
  id: bigint;
  tenant_id: string;
  order_id: bigint;
  sku: string;
  quantity: number;
  /** decimal(12,2) as plain text with exactly 2 decimals. */
  unit_price: string;
  /** decimal(12,2) as plain text with exactly 2 decimals. */
  discount_amount: string;
  /** decimal(12,2) as plain text with exactly 2 decimals. */
  line_amount: string;
  /** UTC epoch microseconds. */
  created_at: bigint;
  /** UTC epoch microseconds. */
  updated_at: bigint;
}
