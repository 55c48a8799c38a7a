// Generated from libs/schemas/avro/rows/inventory/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/**
 * A row of globalmart.inventory: stock of one SKU in one warehouse, updated on every reservation and
 * shipment.
 */
export interface InventoryRow {
  sku: string;
  warehouse_id: string;
  tenant_id: string;
  on_hand: number;
  reserved: number;
  reorder_point: number;
  /** UTC epoch microseconds. */
  created_at: bigint;
  /** UTC epoch microseconds. */
  updated_at: bigint;
}
