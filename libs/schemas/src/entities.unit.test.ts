import { changeEventSchema } from './avro/change-event';
import { rowFacts } from './avro/row-facts';
import { latestVersion, rowHistory, rowTables } from './avro/schema-files';
import {
  ENTITIES,
  isTable,
  loadChangeEventSchema,
  loadRowSchema,
  primaryKey,
  TABLES,
  tenantColumn,
} from './entities';

describe('entity catalog', () => {
  it('lists the tables that have row schemas', () => {
    expect([...TABLES]).toEqual(rowTables());
  });

  it.each(TABLES)('%s: its facts are those of its latest row schema', (table) => {
    const latest = latestVersion(rowHistory(table));
    const { table: _, ...facts } = rowFacts(table, latest.schema);
    expect(ENTITIES[table]).toEqual({ ...facts, rowVersion: latest.version });
    expect(loadRowSchema(table)).toEqual(latest.schema);
  });

  it('keeps primary keys in declared key order', () => {
    expect(primaryKey('inventory')).toEqual(['sku', 'warehouse_id']);
    expect(primaryKey('fx_rates')).toEqual(['currency', 'rate_date']);
    expect(primaryKey('orders')).toEqual(['id']);
  });

  it('has a tenant column everywhere but the reference tables', () => {
    expect(TABLES.filter((table) => tenantColumn(table) === null)).toEqual(['fx_rates', 'markets']);
    expect(tenantColumn('tenants')).toBe('tenant_id');
  });

  it('knows its tables', () => {
    expect(isTable('order_items')).toBe(true);
    expect(isTable('orderitems')).toBe(false);
  });

  it('says which version it cannot find', () => {
    expect(() => loadRowSchema('orders', 99)).toThrow('avro/rows/orders has no v99');
  });

  it('gives a producer the ChangeEvent schema of the latest row', () => {
    expect(loadChangeEventSchema('orders')).toEqual(changeEventSchema('orders', loadRowSchema('orders')));
  });
});
