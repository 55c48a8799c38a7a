/**
 * Codes a quality violation carries into the dead-letter record's headers. Closed and stable:
 * dashboards and replay tooling match on them, so add new ones, never rename. None is retryable:
 * the same row image breaks the same rule every time, so it is dead-lettered, not retried.
 */
export const qualityCodes = [
  /** A NOT NULL column is null or absent (a partial row image, or a decoder that lost it). */
  'QUALITY_REQUIRED',
  /** The value is not the canonical TypeScript type for its column (see the README's row values). */
  'QUALITY_TYPE',
  /** A number or decimal outside its allowed bounds. */
  'QUALITY_RANGE',
  /** A value outside its closed list (ENUM columns). */
  'QUALITY_ENUM',
  /** A string of the wrong shape: currency, country, email, phone, identifier, JSON text. */
  'QUALITY_FORMAT',
  /** Columns of one row that contradict each other (reserved > on_hand, net + tax ≠ total). */
  'QUALITY_CROSS_FIELD',
  /** Thrown, not returned: no rules exist for the table, so the row cannot be vouched for. */
  'QUALITY_UNKNOWN_TABLE',
] as const;

export type QualityCode = (typeof qualityCodes)[number];

/** The codes a returned violation can carry. */
export type ViolationCode = Exclude<QualityCode, 'QUALITY_UNKNOWN_TABLE'>;

export interface Violation {
  /** Stable rule id, `<table>.<name>` (e.g. `inventory.reserved_within_on_hand`): a metrics label. */
  readonly rule: string;
  readonly code: ViolationCode;
  /** The column or columns the rule reads, in the rule's order. */
  readonly columns: readonly string[];
  /** One readable sentence for the DLQ header, e.g. `orders.total_amount must be >= 0, got "-5.00"`. */
  readonly reason: string;
}

/** checkRow was asked about a table it has no rules for. Not retryable: the answer will not change. */
export class UnknownTableError extends Error {
  readonly code = 'QUALITY_UNKNOWN_TABLE' satisfies QualityCode;
  readonly canRetry = false;

  constructor(readonly table: string) {
    super(
      `no quality rules for table ${JSON.stringify(table)}; known tables are declared in quality/catalog.ts`,
    );
    this.name = 'UnknownTableError';
  }
}
