// Generated from libs/schemas/avro/rows/vendors/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/** A row of globalmart.vendors: a supplier of a tenant. */
export interface VendorsRow {
  id: bigint;
  tenant_id: string;
  name: string;
  /** One of: Technology, Office Supplies, Furniture. */
  line_of_business: string;
  country_code: string;
  contact_email: string;
  phone: string;
  /** UTC epoch microseconds. */
  created_at: bigint;
  /** UTC epoch microseconds. */
  updated_at: bigint;
}
