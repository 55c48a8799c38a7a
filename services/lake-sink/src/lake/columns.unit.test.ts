import { loadRowSchema } from '@lakestream/schemas';
import { evolveSchema, initialSchema, rowColumns, SchemaChangeRefused } from './columns';

describe('source columns in the lake', () => {
  it('maps every GlobalMart column type, all optional in the lake', () => {
    const columns = rowColumns(loadRowSchema('orders'));
    const byName = Object.fromEntries(columns.map((c) => [c.name, c]));
    expect(byName.id?.type).toBe('long');
    expect(byName.total_amount?.type).toBe('decimal(12, 2)');
    expect(byName.created_at?.type).toBe('timestamptz');
    expect(byName.ordered_at?.type).toBe('timestamp');
    expect(columns.every((c) => !c.required)).toBe(true);
    expect(byName.created_at?.convert(1_700_000_000_123_456n)).toBe(1_700_000_000_123_456n);
    expect(byName.id?.convert(5)).toBe(5n);
  });

  it('adds new columns under fresh ids and keeps the old ones', () => {
    const v0 = initialSchema([
      { name: 'a', type: 'long', required: true },
      { name: 'b', type: 'string', required: false },
    ]);
    const v1 = evolveSchema(
      v0,
      7,
      [
        { name: 'a', type: 'long', required: true },
        { name: 'c', type: 'date', required: false },
        { name: 'b', type: 'string', required: false },
      ],
      [0],
    );
    expect(v1['schema-id']).toBe(1);
    expect(v1.fields.map((f) => [f.id, f.name])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [8, 'c'],
    ]);
    expect(evolveSchema(v1, 8, [{ name: 'c', type: 'date', required: false }], [0, 1])).toBe(v1);
  });

  it('refuses a changed type instead of guessing a conversion', () => {
    const v0 = initialSchema([{ name: 'a', type: 'long', required: true }]);
    expect(() => evolveSchema(v0, 1, [{ name: 'a', type: 'string', required: true }], [0])).toThrow(
      SchemaChangeRefused,
    );
  });
});
