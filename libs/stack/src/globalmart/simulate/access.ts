import { type Change, type Id, isRowRef, type Param, type SimEvent, type SimTable } from './changes';

/** A row an event writes (inserts, updates, deletes) or only reads through a foreign key. */
export interface Access {
  key: string;
  write: boolean;
}

/** Foreign keys to rows the simulator itself creates, deletes or updates (vendors and warehouses it never touches). */
const parents: Readonly<Partial<Record<SimTable, readonly (readonly [column: string, table: SimTable])[]>>> =
  {
    inventory: [['sku', 'products']],
    orders: [['customer_id', 'customers']],
    order_items: [
      ['order_id', 'orders'],
      ['sku', 'products'],
    ],
    payments: [['order_id', 'orders']],
    invoices: [['order_id', 'orders']],
  };

const idKey = (table: SimTable, id: Param) =>
  isRowRef(id) ? `${table}:#${id.ref}` : `${table}:${String(id as Exclude<Param, object>)}`;

/** The row's key from its primary key columns; order_items rows are never addressed again. */
function rowKey(table: SimTable, row: Readonly<Record<string, Param>>, created?: Id): string | undefined {
  switch (table) {
    case 'products':
      return idKey(table, row.sku ?? null);
    case 'inventory':
      return `inventory:${String(row.sku)}|${String(row.warehouse_id)}`;
    case 'order_items':
      return undefined;
    default:
      return created === undefined
        ? row.id === undefined
          ? undefined
          : idKey(table, row.id)
        : idKey(table, created);
  }
}

/**
 * Which rows an event touches, derived from its changes. The executor runs two events that touch a
 * row concurrently only if both merely read it; otherwise in the model's order. That keeps the model's
 * assumptions true (an update finds the row in the state the model left it, a child's parent exists,
 * a deleted customer has no order in flight) while unrelated events run side by side.
 */
export function eventAccess(event: SimEvent): Access[] {
  const access = new Map<string, boolean>();
  const note = (key: string | undefined, write: boolean) => {
    if (key !== undefined) access.set(key, write || (access.get(key) ?? false));
  };
  for (const change of event.changes) noteChange(change, note);
  return [...access].map(([key, write]) => ({ key, write }));
}

function noteChange(change: Change, note: (key: string | undefined, write: boolean) => void): void {
  if (change.op !== 'c') {
    note(rowKey(change.table, change.where), true);
    return;
  }
  for (const row of change.rows) {
    note(rowKey(change.table, row, change.creates), true);
    for (const [column, parent] of parents[change.table] ?? []) {
      const value = row[column];
      if (value !== undefined) note(idKey(parent, value), false);
    }
  }
}
