import type { SqlValue } from '../sql';

/**
 * What one simulated business event does to the database, as data: the model builds these, `render`
 * turns them into SQL, the executor runs them and counts them, and tests inspect them. Each change
 * touches one table with one operation, so its row count is exactly the number of binlog row events
 * (and downstream ChangeEvents) it produces.
 */

/** Tables the simulator writes; vendors, warehouses, markets, fx_rates and tenants are only read. */
export const simTables = [
  'customers',
  'products',
  'inventory',
  'orders',
  'order_items',
  'payments',
  'invoices',
] as const;
export type SimTable = (typeof simTables)[number];

export type Op = 'c' | 'u' | 'd';

/**
 * A row this run inserted into an AUTO_INCREMENT table: the model cannot know its id (other writers
 * share the sequence), so it names it by a per-run number and the executor learns the id on commit.
 */
export interface RowRef {
  ref: number;
}

/** An existing row's id, or a row this run created. */
export type Id = number | RowRef;

/** Text made of a prefix and an id zero-padded to 8 digits, e.g. invoice numbers from the order id. */
export interface IdText {
  prefix: string;
  idOf: RowRef | number;
}

/** `column = column + delta` (delta never 0, so the update always changes the row). */
export interface Increment {
  add: number;
}

export type Param = SqlValue | RowRef | IdText;
export type Row = Readonly<Record<string, Param>>;

export type Change =
  | { op: 'c'; table: SimTable; rows: readonly Row[]; creates?: RowRef }
  | { op: 'u'; table: SimTable; set: Readonly<Record<string, Param | Increment>>; where: Row }
  | { op: 'd'; table: SimTable; where: Row };

export interface SimEvent {
  /** Position in the model's sequence, from 1. */
  seq: number;
  kind: EventKind;
  tenantId: string;
  /** One transaction, in order. */
  changes: readonly Change[];
}

// biome-ignore format: one group per line
export const eventKinds = [
  'customer.register', 'customer.move', 'customer.delete',
  'product.add', 'product.reprice', 'product.availability',
  'stock.receive', 'stock.new', 'stock.delete',
  'order.place', 'payment.fail', 'payment.capture', 'payment.transfer', 'payment.purge',
  'order.ship', 'order.deliver', 'order.cancel', 'order.return', 'order.backlog',
] as const;
export type EventKind = (typeof eventKinds)[number];

export function isRowRef(value: unknown): value is RowRef {
  return typeof value === 'object' && value !== null && 'ref' in value;
}

export function isIdText(value: unknown): value is IdText {
  return typeof value === 'object' && value !== null && 'idOf' in value;
}

export function isIncrement(value: unknown): value is Increment {
  return typeof value === 'object' && value !== null && 'add' in value;
}

/** Rows this change inserts, updates or deletes: updates and deletes address one row by its key. */
export function rowsChanged(change: Change): number {
  return change.op === 'c' ? change.rows.length : 1;
}

export function eventChanges(event: SimEvent): number {
  let total = 0;
  for (const change of event.changes) total += rowsChanged(change);
  return total;
}

export type TableCounts = Record<SimTable, Record<Op, number>>;

export function emptyTableCounts(): TableCounts {
  return Object.fromEntries(simTables.map((t) => [t, { c: 0, u: 0, d: 0 }])) as TableCounts;
}

export function addEventCounts(counts: TableCounts, event: SimEvent): void {
  for (const change of event.changes) counts[change.table][change.op] += rowsChanged(change);
}
