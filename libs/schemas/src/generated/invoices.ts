// Generated from libs/schemas/avro/rows/invoices/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/**
 * A row of globalmart.invoices: at most one per order; net_amount + tax_amount = total_amount = the order
 * total_amount.
 */
export interface InvoicesRow {
  id: bigint;
  tenant_id: string;
  order_id: bigint;
  invoice_number: string;
  /** One of: issued, paid, credited, void. */
  status: string;
  currency: string;
  /** decimal(12,2) as plain text with exactly 2 decimals. */
  net_amount: string;
  /**
   * Copied from the market when issued, so a later rate change does not rewrite history. decimal(5,3) as
   * plain text with exactly 3 decimals.
   */
  tax_rate: string;
  /** decimal(12,2) as plain text with exactly 2 decimals. */
  tax_amount: string;
  /** decimal(12,2) as plain text with exactly 2 decimals. */
  total_amount: string;
  /** Wall-clock time (no zone) as epoch microseconds, read as UTC. */
  issued_at: bigint;
  /** Days since 1970-01-01. */
  due_date: number;
  /** UTC epoch microseconds. */
  created_at: bigint;
  /** UTC epoch microseconds. */
  updated_at: bigint;
}
