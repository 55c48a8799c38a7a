import type { Table } from './generated/catalog';

/**
 * The columns holding personal data, per table: what the enricher replaces by keyed HMAC tokens before
 * anything reaches the lake (README, Enriched rows). Names, e-mails, phones and street addresses with
 * their postal codes; city and country stay, since analytics need them and they single nobody out.
 * Vendors are companies, but their contact e-mail and phone are a person's. Warehouse addresses are
 * business premises, not personal data, and fulfilment needs them.
 */
export const PII_COLUMNS: Readonly<Record<Table, readonly string[]>> = {
  customers: ['first_name', 'last_name', 'email', 'phone', 'address_line1', 'address_line2', 'postal_code'],
  vendors: ['contact_email', 'phone'],
  tenants: [],
  markets: [],
  fx_rates: [],
  products: [],
  warehouses: [],
  inventory: [],
  orders: [],
  order_items: [],
  payments: [],
  invoices: [],
};

/** Columns of `table` whose values are e-mail addresses: compared case-insensitively, so tokens are too. */
export const EMAIL_COLUMNS: ReadonlySet<string> = new Set(['email', 'contact_email']);
