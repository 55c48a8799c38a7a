// Generated from libs/schemas/avro/rows/orders/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/**
 * A row of globalmart.orders: amounts are in the market currency; total_amount is the sum of the items'
 * line_amount.
 */
export interface OrdersRow {
  id: bigint;
  tenant_id: string;
  customer_id: bigint;
  market_id: string;
  warehouse_id: string;
  /** One of: pending, paid, shipped, delivered, cancelled, returned. */
  status: string;
  currency: string;
  /** decimal(12,2) as plain text with exactly 2 decimals. */
  total_amount: string;
  /** Wall-clock time (no zone) as epoch microseconds, read as UTC. */
  ordered_at: bigint;
  /** Wall-clock time (no zone) as epoch microseconds, read as UTC. */
  shipped_at: bigint | null;
  /** Wall-clock time (no zone) as epoch microseconds, read as UTC. */
  delivered_at: bigint | null;
  /** UTC epoch microseconds. */
  created_at: bigint;
  /** UTC epoch microseconds. */
  updated_at: bigint;
}
