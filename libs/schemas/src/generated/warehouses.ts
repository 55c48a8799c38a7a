// Generated from libs/schemas/avro/rows/warehouses/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/** A row of globalmart.warehouses: a warehouse of a tenant in one market. */
export interface WarehousesRow {
  warehouse_id: string;
  tenant_id: string;
  market_id: string;
  name: string;
  address_line1: string;
  city: string;
  postal_code: string;
  country_code: string;
  /** UTC epoch microseconds. */
  created_at: bigint;
  /** UTC epoch microseconds. */
  updated_at: bigint;
}
