import { parseCanonicalKey, type Table } from '@lakestream/schemas';

/**
 * What the enricher keeps of other entities to join with: the reference entities, and the order
 * header (an order line carries no currency; its order does).
 */
export const STATE_ENTITIES = [
  'tenants',
  'markets',
  'fx_rates',
  'vendors',
  'products',
  'warehouses',
  'customers',
  'orders',
] as const satisfies readonly Table[];
export type StateEntity = (typeof STATE_ENTITIES)[number];

export const isStateEntity = (table: string): table is StateEntity =>
  (STATE_ENTITIES as readonly string[]).includes(table);

/** One version of a row: valid from its source position until the next version of the same key. */
export interface RefVersion {
  /** Source ordinal of the change that made this version (libs/schemas README, SourcePosition). */
  readonly ordinal: string;
  /** Its source commit time, epoch µs: what retention is measured in. */
  readonly committedAt: bigint;
  /** The row; null when the change deleted it. */
  readonly row: Readonly<Record<string, unknown>> | null;
}

/** An fx rate as a join sees it. */
export interface FxRate {
  /** Days since 1970-01-01 of the rate's rate_date. */
  readonly rateDate: number;
  /** decimal(18,8) text: USD per unit of the currency. */
  readonly rate: string;
}

/**
 * The reference state as of a source position: joins read it through `at`, never "the latest", so a
 * change meets the versions that were valid when it was committed, however late it is processed.
 */
export interface ReferenceView {
  /** The row of `key` valid at `ordinal` (the newest version at or before it), unless absent or deleted. */
  at(entity: StateEntity, key: string, ordinal: string): Readonly<Record<string, unknown>> | undefined;
  /** The rate of the latest rate_date on or before `day` that existed at `ordinal`. */
  fxAt(currency: string, day: number, ordinal: string): FxRate | undefined;
}

/** A versioned store of the state entities. Writes are idempotent: a version at a known ordinal replaces it. */
export interface ReferenceStore extends ReferenceView {
  apply(entity: StateEntity, key: string, version: RefVersion): void;
  /** A TRUNCATE at `ordinal`: every version older than it ends there (libs/schemas README, Truncate). */
  truncate(entity: StateEntity, ordinal: string): void;
  /**
   * Drops versions that ended before `beforeMicros` (a later version of the key committed before it):
   * no change still inside the replay window can be valid at them.
   */
  prune(beforeMicros: bigint): number;
  /** How many versions are kept. */
  size(): number;
}

/** What is kept of a row: the whole row, except an order, of which a line needs its header only. */
export function stateRow(
  entity: StateEntity,
  row: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  if (entity !== 'orders') return { ...row };
  return {
    tenant_id: row.tenant_id,
    customer_id: row.customer_id,
    market_id: row.market_id,
    currency: row.currency,
  };
}

/** The currency and rate date (days since 1970-01-01) of an fx_rates canonical key, `EUR|20415`. */
export function fxKeyParts(key: string): { currency: string; day: number } {
  const { currency, rate_date } = parseCanonicalKey('fx_rates', key) as {
    currency: string;
    rate_date: number;
  };
  return { currency, day: rate_date };
}
