import { loadRowSchema } from '@lakestream/schemas';
import { changeEventAt } from '@lakestream/testkit';
import { partitionColumns } from './batch-columns';
import { type ColumnShape, rowColumns } from './columns';
import type { IncomingChange } from './table-writer';
import { valueChecks } from './value-check';

const columns = rowColumns(loadRowSchema('order_items'));

const item = (overrides: Record<string, unknown> = {}) => ({
  id: 7n,
  tenant_id: 'acme',
  order_id: 70n,
  sku: 'SKU-1',
  quantity: 3,
  unit_price: '10.00',
  discount_amount: '0.00',
  line_amount: '30.00',
  created_at: 1_763_900_000_000_000n,
  updated_at: 1_763_900_000_000_000n,
  ...overrides,
});

function change(
  row: Record<string, unknown>,
  op: 'c' | 'u' | 'd' = 'c',
  extra: { schemaVersion?: number; committedAt?: number; columns?: readonly ColumnShape[] } = {},
): IncomingChange {
  const event = changeEventAt({
    table: 'order_items',
    op,
    key: String(row.id),
    row,
    tenantId: 'acme',
    pos: 4,
    committedAt: extra.committedAt ?? 1_763_900_000_000,
    schemaVersion: extra.schemaVersion,
  });
  return { partition: 0, offset: 9n, event, columns: extra.columns ?? columns };
}

describe('values checked as they arrive, by the encoder’s rules', () => {
  const check = valueChecks();

  it('passes a row whose every value fits, and keeps the conversion for the commit', () => {
    const good = change(item());
    expect(check(good)).toBeUndefined();
    const converted = good.converted?.after;
    expect(converted?.[columns.findIndex((c) => c.name === 'created_at')]).toBe(1_763_900_000_000_000n);
    // The commit reads the same converted values, not a second conversion.
    const [group] = partitionColumns(
      'changes',
      {
        type: 'struct',
        'schema-id': 0,
        fields: columns.map((c, i) => ({ id: i + 1, name: c.name, required: false, type: c.type })),
      },
      [],
      [good],
      0,
    );
    expect(group?.columns.columns.created_at?.[0]).toBe(converted?.[8]);
    expect(good.converted?.after).toBe(converted);
  });

  it.each([
    [
      'a decimal with more digits than its precision',
      { line_amount: '10000000000.00' },
      'line_amount (decimal(12, 2)): expected at most 12 digits, got "10000000000.00"',
    ],
    [
      'a decimal with more decimals than its scale',
      { unit_price: '1.005' },
      'unit_price (decimal(12, 2)): expected at most 2 decimals, got "1.005"',
    ],
    [
      'an int beyond 32 bits',
      { quantity: 2 ** 31 },
      'quantity (int): expected a 32-bit integer number, got 2147483648',
    ],
    ['a fraction in an int', { quantity: 1.5 }, 'quantity (int): expected a 32-bit integer number, got 1.5'],
    ['text that is not a string', { sku: 5n }, 'sku (string): expected a string, got 5n'],
  ])('refuses %s, naming the column', (_, overrides, reason) => {
    expect(check(change(item(overrides)))).toBe(reason);
  });

  it('lets nulls through: every source column is optional in the lake', () => {
    expect(check(change(item({ line_amount: null, quantity: undefined })))).toBeUndefined();
  });

  it('checks the image the history keeps: the before image of a delete', () => {
    expect(check(change(item({ quantity: -(2 ** 31) - 1 }), 'd'))).toMatch(/^quantity \(int\)/);
    expect(check(change(item(), 'd'))).toBeUndefined();
  });

  it('checks the sink’s own columns that come from the record', () => {
    expect(check(change(item(), 'c', { schemaVersion: 2 ** 31 }))).toBe(
      '_schema_version (int): expected a 32-bit integer number, got 2147483648',
    );
  });

  it('refuses a timestamp beyond 64-bit microseconds', () => {
    // Microseconds arrive as bigints; one past int64 has no file form.
    const micros: ColumnShape[] = columns.map((c) =>
      c.name === 'created_at' ? { ...c, convert: (v) => v } : c,
    );
    expect(check(change(item({ created_at: 2n ** 63n - 1n }), 'c', { columns: micros }))).toBeUndefined();
    expect(check(change(item({ created_at: 2n ** 63n }), 'c', { columns: micros }))).toBe(
      'created_at (timestamptz): expected a 64-bit bigint, got 9223372036854775808n',
    );
  });

  it('refuses a value its column cannot even convert, with the conversion’s reason', () => {
    const strict: ColumnShape[] = columns.map((c) =>
      c.name === 'order_id' ? { ...c, convert: (v) => BigInt(v as number) } : c,
    );
    expect(check(change(item({ order_id: 1.5 }), 'c', { columns: strict }))).toMatch(
      /^the row image cannot be converted to lake values: .*1\.5/,
    );
  });
});
