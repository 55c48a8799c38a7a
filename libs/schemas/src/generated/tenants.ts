// Generated from libs/schemas/avro/rows/tenants/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/** A row of globalmart.tenants: one tenant (merchant) of the shop platform. */
export interface TenantsRow {
  tenant_id: string;
  name: string;
  /** UTC epoch microseconds. */
  created_at: bigint;
  /** UTC epoch microseconds. */
  updated_at: bigint;
}
