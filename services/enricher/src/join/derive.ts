import type { Table } from '@lakestream/schemas';
import type { ReferenceView, StateEntity } from '../store/reference';
import { type Exact, exact, exactInt, minus, text, times } from './decimal';

/** Where a change sits: what "valid at" means for its joins. */
export interface ChangePoint {
  readonly ordinal: string;
  /** Source commit time, epoch µs: picks the fx rate's date. */
  readonly committedAt: bigint;
  readonly tenantId: string | null;
}

/** The derived columns of one row image, and the references that were not there to make them. */
export interface Derivation {
  readonly derived: Record<string, unknown>;
  readonly missing: readonly string[];
}

const DAY_MICROS = 86_400_000_000n;

/** Days since 1970-01-01 of a commit time (UTC). */
export const commitDay = (committedAt: bigint): number => Number(committedAt / DAY_MICROS);

const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

type Row = Readonly<Record<string, unknown>>;

/**
 * A join context for one row image: looks references up at the change's position, keeps only rows
 * of the change's own tenant (a row of another tenant is never joined: it counts as missing), and
 * collects what was missing as `<entity>:<key>`.
 */
function joiner(view: ReferenceView, at: ChangePoint) {
  const missing: string[] = [];
  return {
    missing,
    ref(entity: StateEntity, key: unknown): Row | undefined {
      if (key === null || key === undefined) return undefined;
      const text = String(key);
      const row = view.at(entity, text, at.ordinal);
      const tenant = row?.tenant_id;
      if (row && (tenant === undefined || tenant === at.tenantId)) return row;
      missing.push(`${entity}:${text}`);
      return undefined;
    },
    fx(currency: unknown): Exact | undefined {
      if (typeof currency !== 'string') return undefined;
      const day = commitDay(at.committedAt);
      const rate = view.fxAt(currency, day, at.ordinal);
      if (rate) return exact(rate.rate);
      missing.push(`fx_rates:${currency}@${isoDay(day)}`);
      return undefined;
    },
  };
}

const usd = (amount: unknown, rate: Exact | undefined, scale = 10): string | null =>
  rate && typeof amount === 'string' ? text(times(exact(amount), rate), scale) : null;

const rateText = (rate: Exact | undefined) => (rate ? text(rate, 8) : null);

/** Order lines: product, vendor, order currency, USD at the commit date's rate, margin where cost is known. */
function orderItems(row: Row, join: ReturnType<typeof joiner>): Record<string, unknown> {
  const product = join.ref('products', row.sku);
  const vendor = product ? join.ref('vendors', product.vendor_id) : undefined;
  const order = join.ref('orders', row.order_id);
  const currency = (order?.currency as string | undefined) ?? null;
  const rate = currency ? join.fx(currency) : undefined;
  const lineUsd = usd(row.line_amount, rate);
  const unitCost = typeof product?.unit_cost_usd === 'string' ? product.unit_cost_usd : null;
  const margin =
    lineUsd !== null && unitCost !== null && typeof row.quantity === 'number'
      ? text(minus(exact(lineUsd), times(exactInt(row.quantity), exact(unitCost))), 10)
      : null;
  return {
    currency,
    category: product?.category ?? null,
    subcategory: product?.subcategory ?? null,
    vendor_id: product?.vendor_id ?? null,
    line_of_business: vendor?.line_of_business ?? null,
    fx_rate_to_usd: rateText(rate),
    unit_price_usd: usd(row.unit_price, rate),
    line_amount_usd: lineUsd,
    unit_cost_usd: unitCost,
    margin_usd: margin,
  };
}

/** Orders: the customer's segment and market (region, country), the total in USD. */
function orders(row: Row, join: ReturnType<typeof joiner>): Record<string, unknown> {
  const customer = join.ref('customers', row.customer_id);
  const market = customer ? join.ref('markets', customer.market_id) : undefined;
  const rate = join.fx(row.currency);
  return {
    customer_market_id: customer?.market_id ?? null,
    market_region: market?.region ?? null,
    market_country_code: market?.country_code ?? null,
    customer_segment: customer?.segment ?? null,
    fx_rate_to_usd: rateText(rate),
    total_amount_usd: usd(row.total_amount, rate),
  };
}

function payments(row: Row, join: ReturnType<typeof joiner>): Record<string, unknown> {
  const rate = join.fx(row.currency);
  return { fx_rate_to_usd: rateText(rate), amount_usd: usd(row.amount, rate) };
}

function invoices(row: Row, join: ReturnType<typeof joiner>): Record<string, unknown> {
  const rate = join.fx(row.currency);
  return {
    fx_rate_to_usd: rateText(rate),
    net_amount_usd: usd(row.net_amount, rate),
    tax_amount_usd: usd(row.tax_amount, rate),
    total_amount_usd: usd(row.total_amount, rate),
  };
}

function inventory(row: Row): Record<string, unknown> {
  const onHand = row.on_hand;
  const reserved = row.reserved;
  return { available: typeof onHand === 'number' && typeof reserved === 'number' ? onHand - reserved : null };
}

const DERIVATIONS: Partial<
  Record<Table, (row: Row, join: ReturnType<typeof joiner>) => Record<string, unknown>>
> = {
  order_items: orderItems,
  orders,
  payments,
  invoices,
  inventory,
};

/**
 * The derived columns of one row image of `table`, joined with the reference versions valid at the
 * change's own position: the same change gives the same columns however late (or often) it is
 * processed, as long as the references it needs have arrived. A pure function of its arguments.
 */
export function derive(table: Table, row: Row, at: ChangePoint, view: ReferenceView): Derivation {
  const derivation = DERIVATIONS[table];
  if (!derivation) return { derived: {}, missing: [] };
  const join = joiner(view, at);
  const derived = derivation(row, join);
  return { derived, missing: [...new Set(join.missing)].sort() };
}
