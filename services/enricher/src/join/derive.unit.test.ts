import { commitDay, derive } from './derive';
import { days, micros, ord, storeWith } from './testing';

const tenant = 'acme';
const product = (price: string, cost: string) => ({
  sku: 'ACME-1',
  tenant_id: tenant,
  vendor_id: 7n,
  category: 'Technology',
  subcategory: 'Phones',
  list_price_usd: price,
  unit_cost_usd: cost,
});
const vendor = { id: 7n, tenant_id: tenant, line_of_business: 'Technology' };
const order = { tenant_id: tenant, customer_id: 55n, market_id: 'DE', currency: 'EUR' };
const line = (id: number, unitPrice: string, quantity = 2) => ({
  id: BigInt(id),
  tenant_id: tenant,
  order_id: 9n,
  sku: 'ACME-1',
  quantity,
  unit_price: unitPrice,
  discount_amount: '0.00',
  line_amount: (Number(unitPrice) * quantity).toFixed(2),
});
const eur = (date: string, rate: string) =>
  ['fx_rates', `EUR|${days(date)}`, { currency: 'EUR', rate_date: days(date), rate_to_usd: rate }] as const;

describe('order lines', () => {
  const [, fxKey1, fx1] = eur('2026-12-05', '1.10000000');
  const [, fxKey2, fx2] = eur('2026-12-06', '1.20000000');
  const store = storeWith([
    ['vendors', '7', 10, vendor],
    ['products', 'ACME-1', 20, product('100.00', '60.00')],
    ['fx_rates', fxKey1, 30, fx1],
    ['orders', '9', 40, order],
    // The product's cost changes at 50, and the 6 December rate is published at 60.
    ['products', 'ACME-1', 50, product('120.00', '80.00')],
    ['fx_rates', fxKey2, 60, fx2],
  ]);

  it('take the fx rate valid at their commit time: the latest rate date on or before it', () => {
    const at = { ordinal: ord(45), committedAt: micros('2026-12-06T10:00:00Z'), tenantId: tenant };
    // 6 December, but at position 45 the 6 December rate does not exist yet: the 5th's is valid.
    const { derived, missing } = derive('order_items', line(1, '10.00'), at, store);
    expect(missing).toEqual([]);
    expect(derived).toMatchObject({
      currency: 'EUR',
      fx_rate_to_usd: '1.10000000',
      unit_price_usd: '11.0000000000',
      line_amount_usd: '22.0000000000',
    });
    const later = { ...at, ordinal: ord(65) };
    expect(derive('order_items', line(1, '10.00'), later, store).derived).toMatchObject({
      fx_rate_to_usd: '1.20000000',
      line_amount_usd: '24.0000000000',
    });
    // A line committed on the 5th keeps the 5th's rate even once the 6th's exists.
    const fifth = { ...later, committedAt: micros('2026-12-05T23:59:59Z') };
    expect(derive('order_items', line(1, '10.00'), fifth, store).derived.fx_rate_to_usd).toBe('1.10000000');
  });

  it('a price change changes later order lines but not earlier ones', () => {
    const when = micros('2026-12-05T12:00:00Z');
    const before = derive(
      'order_items',
      line(1, '100.00', 1),
      { ordinal: ord(45), committedAt: when, tenantId: tenant },
      store,
    );
    const after = derive(
      'order_items',
      line(2, '120.00', 1),
      { ordinal: ord(55), committedAt: when, tenantId: tenant },
      store,
    );
    expect(before.derived).toMatchObject({ unit_cost_usd: '60.00', margin_usd: '50.0000000000' }); // 110 − 60
    expect(after.derived).toMatchObject({ unit_cost_usd: '80.00', margin_usd: '52.0000000000' }); // 132 − 80
    // Processing the earlier line again, after the change, still joins the version valid at its position.
    expect(
      derive(
        'order_items',
        line(1, '100.00', 1),
        { ordinal: ord(45), committedAt: when, tenantId: tenant },
        store,
      ),
    ).toEqual(before);
  });

  it('carry product, vendor and line of business', () => {
    const at = { ordinal: ord(45), committedAt: micros('2026-12-05T12:00:00Z'), tenantId: tenant };
    expect(derive('order_items', line(1, '10.00'), at, store).derived).toMatchObject({
      category: 'Technology',
      subcategory: 'Phones',
      vendor_id: 7n,
      line_of_business: 'Technology',
    });
  });

  it('name what is missing, and leave the columns it would give null', () => {
    const at = { ordinal: ord(15), committedAt: micros('2026-12-05T12:00:00Z'), tenantId: tenant };
    // At 15 the product, the order and every rate are still to come.
    const { derived, missing } = derive('order_items', line(1, '10.00'), at, store);
    expect(missing).toEqual(['orders:9', 'products:ACME-1']);
    expect(derived).toMatchObject({
      category: null,
      currency: null,
      line_amount_usd: null,
      margin_usd: null,
    });
    const noRate = derive(
      'order_items',
      line(1, '10.00'),
      { ...at, ordinal: ord(45), committedAt: micros('2026-12-01T00:00:00Z') },
      store,
    );
    expect(noRate.missing).toEqual(['fx_rates:EUR@2026-12-01']);
    expect(noRate.derived).toMatchObject({
      category: 'Technology',
      unit_cost_usd: '60.00',
      margin_usd: null,
    });
  });

  it("never join another tenant's row", () => {
    const at = { ordinal: ord(45), committedAt: micros('2026-12-05T12:00:00Z'), tenantId: 'hooli' };
    const { derived, missing } = derive(
      'order_items',
      { ...line(1, '10.00'), tenant_id: 'hooli' },
      at,
      store,
    );
    expect(missing).toEqual(['orders:9', 'products:ACME-1']);
    expect(derived.category).toBeNull();
  });
});

describe('orders', () => {
  const store = storeWith([
    ['markets', 'DE', 1, { market_id: 'DE', country_code: 'DE', region: 'Europe', currency: 'EUR' }],
    ['customers', '55', 2, { id: 55n, tenant_id: tenant, market_id: 'DE', segment: 'corporate' }],
    ['fx_rates', `EUR|${days('2026-12-01')}`, 3, { rate_to_usd: '1.05000000' }],
  ]);
  it("carry the customer's market, region and segment, and the total in USD", () => {
    const at = { ordinal: ord(10), committedAt: micros('2026-12-03T08:00:00Z'), tenantId: tenant };
    const row = {
      id: 9n,
      tenant_id: tenant,
      customer_id: 55n,
      market_id: 'DE',
      currency: 'EUR',
      total_amount: '200.00',
    };
    expect(derive('orders', row, at, store)).toEqual({
      missing: [],
      derived: {
        customer_market_id: 'DE',
        market_region: 'Europe',
        market_country_code: 'DE',
        customer_segment: 'corporate',
        fx_rate_to_usd: '1.05000000',
        total_amount_usd: '210.0000000000',
      },
    });
  });
});

it('stock: available = on hand − reserved, with no join', () => {
  const at = { ordinal: ord(1), committedAt: 0n, tenantId: tenant };
  expect(derive('inventory', { on_hand: 10, reserved: 3 }, at, storeWith([]))).toEqual({
    derived: { available: 7 },
    missing: [],
  });
});

it('payments and invoices in USD; a table without derivations gets none', () => {
  const store = storeWith([['fx_rates', `GBP|${days('2026-01-01')}`, 1, { rate_to_usd: '1.25000000' }]]);
  const at = { ordinal: ord(5), committedAt: micros('2026-02-01T00:00:00Z'), tenantId: tenant };
  expect(derive('payments', { currency: 'GBP', amount: '8.00' }, at, store).derived).toEqual({
    fx_rate_to_usd: '1.25000000',
    amount_usd: '10.0000000000',
  });
  const invoice = { currency: 'GBP', net_amount: '8.00', tax_amount: '1.60', total_amount: '9.60' };
  expect(derive('invoices', invoice, at, store).derived).toMatchObject({
    tax_amount_usd: '2.0000000000',
    total_amount_usd: '12.0000000000',
  });
  expect(derive('customers', { id: 1n }, at, store)).toEqual({ derived: {}, missing: [] });
});

it('commitDay is the UTC date of the commit', () => {
  expect(commitDay(micros('2026-12-06T23:59:59.999Z'))).toBe(days('2026-12-06'));
  expect(commitDay(micros('2026-12-07T00:00:00Z'))).toBe(days('2026-12-07'));
});
