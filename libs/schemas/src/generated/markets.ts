// Generated from libs/schemas/avro/rows/markets/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/** A row of globalmart.markets: reference data shared by all tenants, one row per market. */
export interface MarketsRow {
  market_id: string;
  country_code: string;
  /** One of: North America, Europe. */
  region: string;
  name: string;
  currency: string;
  /** Sales tax / VAT in percent. decimal(5,3) as plain text with exactly 3 decimals. */
  tax_rate: string;
  /** UTC epoch microseconds. */
  created_at: bigint;
  /** UTC epoch microseconds. */
  updated_at: bigint;
}
