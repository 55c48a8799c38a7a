import { endOfDay, sqlDateTime } from './clock';
import { periodStartFor, type SeedContext, scaledCount } from './context';
import { type Customer, customersFor } from './customers';
import { numberOrders, ordersFor } from './orders';
import { Random } from './prng';
import { productsFor } from './products';
import { fxRates, marketRows, referenceSince } from './reference';
import { type SeedRows, type SeedTable, seedColumns, seedTableOrder, type TenantRow } from './rows';
import { escapeIdentifier, insertStatements, sessionPreamble } from './sql';
import { tenants } from './tenants';
import { vendorsFor } from './vendors';
import { inventoryFor, warehousesFor } from './warehouses';

export interface SeedOptions {
  seed: number;
  /** 1 gives about 60k rows; row counts of tenant-owned tables grow linearly with it. */
  scale: number;
  /** Last day (UTC, 'YYYY-MM-DD') of the 90 days that orders and fx rates cover. */
  periodEnd?: string;
}

export interface SeedPlan {
  seed: number;
  scale: number;
  periodEnd: string;
  /** Tables in load order: parents before children. */
  tables: readonly SeedTable[];
  rows: SeedRows;
  counts: Readonly<Record<SeedTable, number>>;
}

/**
 * Fixed rather than "today", so a seed reproduces the same rows on any day. Live traffic from the
 * simulator naturally lands after it.
 */
export const defaultPeriodEnd = '2026-11-22';

export const globalMartDatabase = 'globalmart';

/**
 * The GlobalMart source data set: pure and deterministic (same options, same rows, same SQL), with
 * every reference resolvable and the money consistent (order total = sum of lines = invoice total).
 */
export function generateSeed(options: SeedOptions): SeedPlan {
  if (!Number.isFinite(options.seed)) throw new Error(`seed must be a number, got ${options.seed}`);
  if (!(options.scale > 0 && Number.isFinite(options.scale)))
    throw new Error(`scale must be > 0, got ${options.scale}`);
  const periodEndDate = options.periodEnd ?? defaultPeriodEnd;
  const periodEnd = endOfDay(periodEndDate);
  const ctx: SeedContext = {
    rng: new Random(options.seed >>> 0),
    scale: options.scale,
    periodEnd,
    periodStart: periodStartFor(periodEnd),
  };

  const since = sqlDateTime(referenceSince(ctx));
  const tenantRows: TenantRow[] = tenants.map((t) => ({
    tenant_id: t.id,
    name: t.name,
    created_at: since,
    updated_at: since,
  }));
  const fx = fxRates(ctx);

  // Ids follow creation time across tenants, as AUTO_INCREMENT would have assigned them.
  const vendors = byCreation(tenants.flatMap((tenant) => vendorsFor(ctx, tenant))).map((row, index) => ({
    ...row,
    id: index + 1,
  }));
  const emails = new Set<string>();
  const customers: Customer[] = tenants
    .flatMap((tenant) => customersFor(ctx, tenant, emails))
    .sort((a, b) => a.createdAt - b.createdAt || a.row.tenant_id.localeCompare(b.row.tenant_id))
    .map((customer, index) => ({ ...customer, row: { ...customer.row, id: index + 1 } }));

  const perTenant = tenants.map((tenant) => {
    const products = productsFor(
      ctx,
      tenant,
      vendors.filter((v) => v.tenant_id === tenant.id),
    );
    const warehouses = warehousesFor(ctx, tenant);
    const inventory = inventoryFor(ctx, tenant, products, warehouses);
    const orderCount = scaledCount(ctx, 8000, tenant.share, 1);
    const tenantCustomers = customers.filter((c) => c.row.tenant_id === tenant.id);
    const orders = ordersFor(ctx, tenant, orderCount, tenantCustomers, products, warehouses, fx.table);
    return { products, warehouses, inventory, orders };
  });
  const book = numberOrders(perTenant.flatMap((t) => t.orders));

  const rows: SeedRows = {
    tenants: tenantRows,
    markets: marketRows(ctx),
    fx_rates: fx.rows,
    vendors,
    products: perTenant.flatMap((t) => t.products.map((p) => p.row)),
    warehouses: perTenant.flatMap((t) => t.warehouses.map((w) => w.row)),
    inventory: perTenant.flatMap((t) => t.inventory),
    customers: customers.map((c) => c.row),
    orders: book.orders,
    order_items: book.orderItems,
    payments: book.payments,
    invoices: book.invoices,
  };
  const counts = Object.fromEntries(seedTableOrder.map((table) => [table, rows[table].length])) as Record<
    SeedTable,
    number
  >;
  return {
    seed: options.seed,
    scale: options.scale,
    periodEnd: periodEndDate,
    tables: seedTableOrder,
    rows,
    counts,
  };
}

function byCreation<Row extends { created_at: string; tenant_id: string }>(rows: Row[]): Row[] {
  return [...rows].sort(
    (a, b) => a.created_at.localeCompare(b.created_at) || a.tenant_id.localeCompare(b.tenant_id),
  );
}

export interface SeedStatementOptions {
  /** Rows per INSERT; 500 keeps each statement well under max_allowed_packet and the binlog events small. */
  batchSize?: number;
  database?: string;
}

/** Statements to run in order on a server that already has the schema (no trailing semicolons). */
export function seedStatements(plan: SeedPlan, options: SeedStatementOptions = {}): string[] {
  const statements = [...sessionPreamble, `USE ${escapeIdentifier(options.database ?? globalMartDatabase)}`];
  for (const table of plan.tables) statements.push(...tableStatements(plan, table, options.batchSize));
  return statements;
}

function tableStatements<T extends SeedTable>(plan: SeedPlan, table: T, batchSize?: number): string[] {
  const rows: readonly SeedRows[T][number][] = plan.rows[table];
  return insertStatements(table, seedColumns[table], rows, batchSize);
}

/** The statements as one script for the `mariadb` command-line client. */
export function seedScript(plan: SeedPlan, options: SeedStatementOptions = {}): string {
  return `${seedStatements(plan, options).join(';\n')};\n`;
}
