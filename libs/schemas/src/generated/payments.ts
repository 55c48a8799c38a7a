// Generated from libs/schemas/avro/rows/payments/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/**
 * A row of globalmart.payments: one payment attempt; an order may have a failed attempt before the one that
 * succeeded.
 */
export interface PaymentsRow {
  id: bigint;
  tenant_id: string;
  order_id: bigint;
  /** One of: card, paypal, bank_transfer, gift_card. */
  method: string;
  /** One of: pending, authorized, captured, failed, refunded, voided. */
  status: string;
  /** decimal(12,2) as plain text with exactly 2 decimals. */
  amount: string;
  currency: string;
  provider_ref: string;
  failure_reason: string | null;
  /** UTC epoch microseconds. */
  created_at: bigint;
  /** UTC epoch microseconds. */
  updated_at: bigint;
}
