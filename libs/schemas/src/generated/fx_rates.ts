// Generated from libs/schemas/avro/rows/fx_rates/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/**
 * A row of globalmart.fx_rates: reference data, the USD value of one unit of a currency on a date (USD itself
 * is present at 1).
 */
export interface FxRatesRow {
  currency: string;
  /** Days since 1970-01-01. */
  rate_date: number;
  /** USD value of one unit of currency on rate_date. decimal(18,8) as plain text with exactly 8 decimals. */
  rate_to_usd: string;
  /** UTC epoch microseconds. */
  created_at: bigint;
  /** UTC epoch microseconds. */
  updated_at: bigint;
}
