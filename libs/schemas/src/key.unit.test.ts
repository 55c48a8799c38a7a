import { canonicalKey, parseCanonicalKey } from './key';

describe('canonicalKey', () => {
  it('renders a bigint id in decimal, beyond 2^53 too', () => {
    expect(canonicalKey('orders', { id: 42n })).toBe('42');
    expect(canonicalKey('orders', { id: 9_007_199_254_740_993n })).toBe('9007199254740993');
  });

  it('joins a composite key in declared key order, whatever the order of the row', () => {
    expect(canonicalKey('inventory', { warehouse_id: 'ACME-WH-US-CA-01', sku: 'ACME-TEC-00001' })).toBe(
      'ACME-TEC-00001|ACME-WH-US-CA-01',
    );
  });

  it('renders a date key column as its value, days since 1970-01-01', () => {
    expect(canonicalKey('fx_rates', { currency: 'EUR', rate_date: 20_415 })).toBe('EUR|20415');
  });

  it('escapes \\ and | inside string values, so a value cannot pose as a separator', () => {
    expect(canonicalKey('inventory', { sku: 'A|B', warehouse_id: 'C' })).toBe('A\\|B|C');
    expect(canonicalKey('inventory', { sku: 'A', warehouse_id: 'B|C' })).toBe('A|B\\|C');
    expect(canonicalKey('products', { sku: 'back\\slash' })).toBe('back\\\\slash');
    expect(canonicalKey('products', { sku: '\\|' })).toBe('\\\\\\|');
  });

  it('uses only the key columns of a full row', () => {
    expect(canonicalKey('markets', { market_id: 'US-CA', name: 'California' } as { market_id: string })).toBe(
      'US-CA',
    );
  });

  it('takes a BIGINT id below 2^53 given as a number, as a schemaless JSON decoder gives it', () => {
    expect(canonicalKey('orders', { id: 42 } as never)).toBe(canonicalKey('orders', { id: 42n }));
  });

  it.each([
    ['orders', { id: 4.2 }, 'orders.id must be a bigint for the key, got 4.2'],
    ['orders', { id: '42' }, "orders.id must be a bigint for the key, got '42'"],
    ['products', {}, 'products.sku must be a string for the key, got undefined'],
    ['fx_rates', { currency: 'EUR', rate_date: 1.5 }, 'fx_rates.rate_date must be a number'],
  ] as const)('refuses a %s key of the wrong type: %j', (table, row, message) => {
    expect(() => canonicalKey(table, row as never)).toThrow(message);
  });
});

describe('parseCanonicalKey', () => {
  it.each([
    ['orders', { id: 9_007_199_254_740_993n }],
    ['orders', { id: -7n }],
    ['inventory', { sku: 'ACME-TEC-00001', warehouse_id: 'ACME-WH-US-CA-01' }],
    ['inventory', { sku: 'a|b\\c', warehouse_id: '|\\|' }],
    ['inventory', { sku: '', warehouse_id: '' }],
    ['fx_rates', { currency: 'USD', rate_date: 0 }],
    ['tenants', { tenant_id: 'ACME' }],
  ] as const)('round-trips a %s key %p', (table, values) => {
    const key = canonicalKey(table, values as never);
    expect(parseCanonicalKey(table, key)).toEqual(values);
  });

  it.each([
    ['inventory', 'only-one', 'has 1 parts; inventory keys have 2'],
    ['products', 'a|b', 'has 2 parts; products keys have 1'],
    ['products', 'a\\b', '"\\" at 1 must escape "\\" or "|"'],
    ['products', 'trailing\\', '"\\" at 8 must escape'],
    ['orders', '042', 'orders.id must be an integer in canonical decimal'],
    ['orders', '-0', 'orders.id must be an integer in canonical decimal'],
    ['orders', '+1', 'orders.id must be an integer in canonical decimal'],
    ['orders', '', 'orders.id must be an integer in canonical decimal'],
    ['fx_rates', 'EUR|99999999999999999', 'fx_rates.rate_date 99999999999999999 is beyond a safe integer'],
  ] as const)('refuses the %s key %p', (table, key, message) => {
    expect(() => parseCanonicalKey(table, key)).toThrow(message);
  });
});
