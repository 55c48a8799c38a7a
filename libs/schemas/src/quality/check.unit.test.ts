import { checkRow, isQualityTable, rulesFor } from './check';
import { qualityCodes, UnknownTableError } from './codes';
import { goodRows } from './test-rows';

const reasons = (table: string, row: object) => checkRow(table, row).map((v) => v.reason);

describe('checkRow', () => {
  it('rejects a table it has no rules for, with a code and no retry', () => {
    expect(() => checkRow('order', goodRows.orders)).toThrow(UnknownTableError);
    const thrown = (() => {
      try {
        checkRow('globalmart.orders', {});
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(UnknownTableError);
    expect(thrown).toMatchObject({
      code: 'QUALITY_UNKNOWN_TABLE',
      canRetry: false,
      table: 'globalmart.orders',
    });
    expect(String(thrown)).toContain('"globalmart.orders"');
    expect(qualityCodes).toContain('QUALITY_UNKNOWN_TABLE');
  });

  it('does not take inherited object properties for table names', () => {
    expect(isQualityTable('toString')).toBe(false);
    expect(isQualityTable('constructor')).toBe(false);
    expect(() => rulesFor('__proto__')).toThrow(UnknownTableError);
  });

  it('ignores columns no rule names, so a column added at the source changes nothing', () => {
    const row = { ...goodRows.orders, loyalty_tier: 'gold', gift_note: null, weight_kg: -3 };
    expect(checkRow('orders', row)).toEqual([]);
  });

  it('reads the row as it is: a class instance (as avsc decodes records) works, and the row is not touched', () => {
    class OrdersRow {
      constructor(values: object) {
        Object.assign(this, values);
      }
    }
    const row = new OrdersRow({ ...goodRows.orders, total_amount: '-5.00' });
    const before = { ...row };
    const first = checkRow('orders', row);
    expect(first.map((v) => v.rule)).toEqual(['orders.total_amount_range']);
    expect(checkRow('orders', row)).toEqual(first);
    expect({ ...row }).toEqual(before);
  });

  it('reports every violation of a row, in declaration order', () => {
    const row = {
      ...goodRows.orders,
      status: 'on_hold',
      currency: 'usd',
      total_amount: '-5.00',
      tenant_id: null,
    };
    expect(checkRow('orders', row).map((v) => [v.rule, v.code])).toEqual([
      ['orders.tenant_id_required', 'QUALITY_REQUIRED'],
      ['orders.status_enum', 'QUALITY_ENUM'],
      ['orders.currency_format', 'QUALITY_FORMAT'],
      ['orders.total_amount_range', 'QUALITY_RANGE'],
    ]);
  });

  it('writes reasons a person can act on', () => {
    expect(reasons('orders', { ...goodRows.orders, total_amount: '-5.00' })).toEqual([
      'orders.total_amount must be >= 0, got "-5.00"',
    ]);
    expect(reasons('orders', { ...goodRows.orders, total_amount: -5 })).toEqual([
      'orders.total_amount must be a decimal string such as "12.30", got -5 (a number)',
    ]);
    expect(reasons('orders', { ...goodRows.orders, status: 'on_hold' })).toEqual([
      'orders.status must be one of "pending", "paid", "shipped", "delivered", "cancelled", "returned", got "on_hold"',
    ]);
    const { currency: _, ...withoutCurrency } = goodRows.orders;
    expect(reasons('orders', withoutCurrency)).toEqual([
      'orders.currency is required, got no value (the column is absent)',
    ]);
    expect(reasons('markets', { ...goodRows.markets, tax_rate: '100.000', currency: 'eur' })).toEqual([
      'markets.currency must be an ISO 4217 currency code such as "EUR", got "eur"',
      'markets.tax_rate must be >= 0 and < 100, got "100.000"',
    ]);
    expect(reasons('inventory', { ...goodRows.inventory, on_hand: 10, reserved: 12 })).toEqual([
      'inventory.reserved must be <= on_hand, got reserved 12 > on_hand 10',
    ]);
    expect(reasons('invoices', { ...goodRows.invoices, total_amount: '1541.98' })).toEqual([
      'invoices.total_amount must equal net_amount + tax_amount: "1295.77" + "246.20" = "1541.97", got "1541.98"',
    ]);
    expect(reasons('order_items', { ...goodRows.order_items, discount_amount: '41.97' })).toEqual([
      'order_items.line_amount must equal quantity * unit_price - discount_amount: 3 * "513.99" - "41.97" = "1500.00", got "1541.97"',
    ]);
    expect(reasons('products', { ...goodRows.products, attributes: '[1]' })).toEqual([
      'products.attributes must be JSON text of an object, got JSON an array',
    ]);
  });

  it('never echoes personal data, and shortens long values', () => {
    const [email, phone] = reasons('customers', {
      ...goodRows.customers,
      email: 'anna.mueller@',
      phone: 'ask Anna',
    });
    expect(email).toBe(
      'customers.email must be an email address (local@domain.tld, without spaces), got a redacted value of 13 characters',
    );
    expect(phone).toMatch(
      /^customers\.phone must be a phone number .*, got a redacted value of 8 characters$/,
    );
    expect(reasons('vendors', { ...goodRows.vendors, contact_email: 42 })).toEqual([
      'vendors.contact_email must be a string, got a number',
    ]);

    const [long] = reasons('products', { ...goodRows.products, sku: `X${'-'.repeat(200)}` });
    expect(long).toMatch(/got "X-{59}"… \(201 characters\)$/);
  });

  it('compares decimals exactly, whatever their scale and size', () => {
    const invoice = (net: string, tax: string, total: string) =>
      checkRow('invoices', { ...goodRows.invoices, net_amount: net, tax_amount: tax, total_amount: total });
    expect(invoice('0.1', '0.2', '0.3')).toEqual([]);
    expect(invoice('0.10', '0.20', '0.3')).toEqual([]);
    expect(invoice('0.1', '0.2', '0.30000000000000004')).toHaveLength(1);
    // Beyond 2^53 cents a float would call these equal.
    expect(invoice('90071992547409.93', '0.00', '90071992547409.92')).toHaveLength(1);
    expect(checkRow('markets', { ...goodRows.markets, tax_rate: '99.9999999' })).toEqual([]);
    expect(checkRow('fx_rates', { ...goodRows.fx_rates, rate_to_usd: '0.000000001' })).toEqual([]);
    expect(checkRow('fx_rates', { ...goodRows.fx_rates, rate_to_usd: '-0.00' })).toHaveLength(1);
  });

  it('accepts BIGINT values as bigint and INT values as number', () => {
    expect(checkRow('order_items', { ...goodRows.order_items, id: 9_007_199_254_740_993n })).toEqual([]);
    expect(checkRow('inventory', { ...goodRows.inventory, on_hand: 2_147_483_647, reserved: 0 })).toEqual([]);
  });
});
