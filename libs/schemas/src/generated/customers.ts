// Generated from libs/schemas/avro/rows/customers/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/**
 * A row of globalmart.customers: a customer of a tenant. Holds PII (names, email, phone, address) that the
 * enricher pseudonymises downstream.
 */
export interface CustomersRow {
  id: bigint;
  tenant_id: string;
  market_id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  address_line1: string;
  address_line2: string | null;
  city: string;
  postal_code: string;
  country_code: string;
  /** One of: consumer, corporate, home_office. */
  segment: string;
  /** UTC epoch microseconds. */
  created_at: bigint;
  /** UTC epoch microseconds. */
  updated_at: bigint;
}
