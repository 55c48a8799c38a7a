import { rowFacts } from './row-facts';
import type { RecordJson } from './schema-json';

const inventory: RecordJson = {
  type: 'record',
  name: 'InventoryRow',
  namespace: 'lakestream.globalmart',
  doc: 'Stock of one SKU in one warehouse.',
  'lakestream.primaryKey': ['sku', 'warehouse_id'],
  'lakestream.tenantColumn': 'tenant_id',
  fields: [
    { name: 'sku', type: 'string' },
    { name: 'warehouse_id', type: { type: 'string' } },
    { name: 'tenant_id', type: 'string' },
    { name: 'on_hand', type: 'int' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'counted_on', type: { type: 'int', logicalType: 'date' } },
    { name: 'updated_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

describe('rowFacts', () => {
  it('reads the key in declared order, its value types and the tenant column', () => {
    expect(rowFacts('inventory', inventory)).toEqual({
      table: 'inventory',
      record: 'InventoryRow',
      primaryKey: ['sku', 'warehouse_id'],
      keyTypes: ['string', 'string'],
      tenantColumn: 'tenant_id',
    });
  });

  it('gives int and date keys number values and long keys bigint values', () => {
    const facts = rowFacts('inventory', { ...inventory, 'lakestream.primaryKey': ['on_hand', 'counted_on'] });
    expect(facts.keyTypes).toEqual(['number', 'number']);
  });

  it.each([
    [{ name: 'Inventory' }, 'the record must be lakestream.globalmart.InventoryRow'],
    [{ doc: undefined }, 'the record needs a doc'],
    [{ 'lakestream.primaryKey': undefined }, '"lakestream.primaryKey" must list'],
    [{ 'lakestream.primaryKey': [] }, '"lakestream.primaryKey" must list'],
    [{ 'lakestream.primaryKey': ['sku', 'sku'] }, '"lakestream.primaryKey" lists a column twice'],
    [{ 'lakestream.primaryKey': ['bin'] }, 'primary-key column bin is not a field'],
    [
      { 'lakestream.primaryKey': ['note'] },
      'primary-key column note of type ["null","string"] has no key text',
    ],
    [{ 'lakestream.primaryKey': ['updated_at'] }, 'primary-key column updated_at'],
    [{ 'lakestream.tenantColumn': undefined }, '"lakestream.tenantColumn" must name'],
    [{ 'lakestream.tenantColumn': 'note' }, '"lakestream.tenantColumn" must name'],
  ])('refuses %j', (change, message) => {
    expect(() => rowFacts('inventory', { ...inventory, ...change } as RecordJson)).toThrow(
      `rows/inventory: ${message}`,
    );
  });

  it('accepts null as the tenant column of reference data', () => {
    expect(rowFacts('inventory', { ...inventory, 'lakestream.tenantColumn': null }).tenantColumn).toBeNull();
  });
});
