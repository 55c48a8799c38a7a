/**
 * The entity name of a table in the schemas: the table name in PascalCase (`order_items` →
 * `OrderItems`), so `<Entity>Row` and `<Entity>ChangeEvent` follow from the table without a lookup.
 */
export function entityName(table: string): string {
  return table
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
