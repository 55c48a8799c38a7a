// Generated from libs/schemas/avro/derived/*: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/** Columns the enricher adds to a stock row. */
export interface InventoryDerived {
  /** on_hand − reserved (negative when a source row reserves more than it holds, which the source allows). */
  available: number | null;
}

/** Columns the enricher adds to an invoice: its amounts in USD at the fx rate valid when it was committed. */
export interface InvoicesDerived {
  /**
   * USD per unit of currency: the rate of the latest rate_date on or before the commit date, as known at the
   * invoice's source position. decimal(18,8) as plain text with exactly 8 decimals.
   */
  fx_rate_to_usd: string | null;
  /** net_amount × fx_rate_to_usd, exact. decimal(30,10) as plain text with exactly 10 decimals. */
  net_amount_usd: string | null;
  /** tax_amount × fx_rate_to_usd, exact. decimal(30,10) as plain text with exactly 10 decimals. */
  tax_amount_usd: string | null;
  /** total_amount × fx_rate_to_usd, exact. decimal(30,10) as plain text with exactly 10 decimals. */
  total_amount_usd: string | null;
}

/**
 * Columns the enricher adds to an order line: its product, vendor and order, and its money in USD at the fx
 * rate valid when the line was committed.
 */
export interface OrderItemsDerived {
  /** The order's currency (ISO 4217), in which unit_price and line_amount are. */
  currency: string | null;
  /** The product's category. */
  category: string | null;
  /** The product's subcategory. */
  subcategory: string | null;
  /** The product's vendor. */
  vendor_id: bigint | null;
  /** The vendor's line of business. */
  line_of_business: string | null;
  /**
   * USD per unit of currency: the rate of the latest rate_date on or before the commit date, as known at the
   * line's source position. decimal(18,8) as plain text with exactly 8 decimals.
   */
  fx_rate_to_usd: string | null;
  /** unit_price × fx_rate_to_usd, exact. decimal(30,10) as plain text with exactly 10 decimals. */
  unit_price_usd: string | null;
  /** line_amount × fx_rate_to_usd, exact. decimal(30,10) as plain text with exactly 10 decimals. */
  line_amount_usd: string | null;
  /**
   * The product's unit cost at the line's source position. decimal(12,2) as plain text with exactly 2
   * decimals.
   */
  unit_cost_usd: string | null;
  /**
   * line_amount_usd − quantity × unit_cost_usd, exact; null while either is unknown. decimal(32,10) as plain
   * text with exactly 10 decimals.
   */
  margin_usd: string | null;
}

/**
 * Columns the enricher adds to an order: its customer's market and segment, and its total in USD at the fx
 * rate valid when it was committed.
 */
export interface OrdersDerived {
  /** The customer's market. */
  customer_market_id: string | null;
  /** The region of the customer's market. */
  market_region: string | null;
  /** The country of the customer's market. */
  market_country_code: string | null;
  /** The customer's segment: consumer, corporate or home_office. */
  customer_segment: string | null;
  /**
   * USD per unit of currency: the rate of the latest rate_date on or before the commit date, as known at the
   * order's source position. decimal(18,8) as plain text with exactly 8 decimals.
   */
  fx_rate_to_usd: string | null;
  /** total_amount × fx_rate_to_usd, exact. decimal(30,10) as plain text with exactly 10 decimals. */
  total_amount_usd: string | null;
}

/**
 * Columns the enricher adds to a payment attempt: its amount in USD at the fx rate valid when it was
 * committed.
 */
export interface PaymentsDerived {
  /**
   * USD per unit of currency: the rate of the latest rate_date on or before the commit date, as known at the
   * payment's source position. decimal(18,8) as plain text with exactly 8 decimals.
   */
  fx_rate_to_usd: string | null;
  /** amount × fx_rate_to_usd, exact. decimal(30,10) as plain text with exactly 10 decimals. */
  amount_usd: string | null;
}
