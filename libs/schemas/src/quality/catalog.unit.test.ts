import { type QualityTable, qualityCatalog, qualityTables } from './catalog';
import { checkRow } from './check';
import type { ViolationCode } from './codes';
import { goodRows } from './test-rows';

/**
 * Every rule of every table fires on a bad value and stays silent on good ones. Rule names are given
 * without the table prefix. A case that breaks a second rule as a matter of arithmetic (a negative
 * price also unbalances its line) names that rule in `also`; every other case must break exactly one.
 */
type Patch = Readonly<Record<string, unknown>>;
type Bad = readonly [
  rule: string,
  patch: Patch,
  options?: { code?: ViolationCode; also?: readonly string[] },
];

const typeError = { code: 'QUALITY_TYPE' } as const;
const tenantCases: readonly Bad[] = [
  ['tenant_id_format', { tenant_id: 'Acme' }],
  ['tenant_id_format', { tenant_id: 'acme/../globex' }],
  ['tenant_id_format', { tenant_id: 'acme ' }],
  ['tenant_id_format', { tenant_id: '' }],
  ['tenant_id_format', { tenant_id: 'a'.repeat(33) }],
  ['tenant_id_format', { tenant_id: 7 }, typeError],
];

const bad: { readonly [T in QualityTable]: readonly Bad[] } = {
  tenants: tenantCases,
  markets: [
    ['market_id_format', { market_id: 'de-by' }],
    ['market_id_format', { market_id: 'DE_BY' }],
    ['market_id_format', { market_id: 'DE-BAYERN' }], // 9 characters in a VARCHAR(8) key
    ['country_code_format', { country_code: 'UK' }],
    ['country_code_format', { country_code: 'de' }],
    ['country_code_format', { country_code: 'DEU' }],
    ['region_enum', { region: 'Asia' }],
    ['region_enum', { region: '' }], // what a non-strict sql_mode stores for an invalid ENUM
    ['currency_format', { currency: 'eur' }],
    ['currency_format', { currency: 'XTS' }],
    ['tax_rate_range', { tax_rate: '-0.001' }],
    ['tax_rate_range', { tax_rate: '100.000' }],
    ['tax_rate_range', { tax_rate: 19 }, typeError],
  ],
  fx_rates: [
    ['currency_format', { currency: 'XXX' }],
    ['currency_format', { currency: 'EURO' }],
    ['rate_to_usd_range', { rate_to_usd: '0.00000000' }],
    ['rate_to_usd_range', { rate_to_usd: '-1.16000000' }],
    ['rate_to_usd_range', { rate_to_usd: '1.16e0' }, typeError],
  ],
  vendors: [
    ...tenantCases,
    ['line_of_business_enum', { line_of_business: 'Electronics' }],
    ['country_code_format', { country_code: 'XX' }],
    ['contact_email_format', { contact_email: 'sales@' }],
    ['contact_email_format', { contact_email: 'sales at alpinesystems.de' }],
    ['contact_email_format', { contact_email: 'sales@alpinesystems' }],
    ['contact_email_format', { contact_email: 'sales@@alpinesystems.de' }],
    ['phone_format', { phone: 'n/a' }],
    ['phone_format', { phone: '12345' }],
    ['phone_format', { phone: 'sales@alpinesystems.de' }],
    ['phone_format', { phone: '+49 151 2345678901234' }], // 16 digits: longer than E.164 allows
    ['phone_format', { phone: '+49 151 +23456789' }],
  ],
  products: [
    ...tenantCases,
    ['sku_format', { sku: 'acme-tec-00001' }],
    ['sku_format', { sku: ' ACME-TEC-00001' }],
    ['sku_format', { sku: 'ACME--TEC-00001' }],
    ['sku_format', { sku: 'ACME-TEC-00001-' }],
    ['sku_format', { sku: `ACME-${'9'.repeat(28)}` }],
    ['category_enum', { category: 'technology' }],
    ['list_price_usd_range', { list_price_usd: '-0.01' }],
    ['list_price_usd_range', { list_price_usd: 599.99 }, typeError],
    ['unit_cost_usd_range', { unit_cost_usd: '-402.10' }],
    ['attributes_json', { attributes: '{"ram_gb":' }],
    ['attributes_json', { attributes: '[16, "usb-c"]' }],
    ['attributes_json', { attributes: 'null' }],
    ['attributes_json', { attributes: '"16 GB"' }],
    ['attributes_json', { attributes: { ram_gb: 16 } }, typeError],
  ],
  warehouses: [
    ...tenantCases,
    ['warehouse_id_format', { warehouse_id: 'acme-wh-de-by-01' }],
    ['warehouse_id_format', { warehouse_id: 'ACME WH 01' }],
    ['country_code_format', { country_code: 'EU' }],
  ],
  inventory: [
    ...tenantCases,
    ['sku_format', { sku: 'ACME-TEC-00001 ' }],
    ['warehouse_id_format', { warehouse_id: 'ACME/WH/01' }],
    ['on_hand_range', { on_hand: -1 }, { also: ['reserved_within_on_hand'] }],
    ['on_hand_range', { on_hand: '120' }, typeError],
    ['on_hand_range', { on_hand: 1.5 }, typeError],
    ['reserved_range', { reserved: -1 }],
    ['reorder_point_range', { reorder_point: -5 }],
    ['reserved_within_on_hand', { reserved: 121 }],
    ['reserved_within_on_hand', { on_hand: 0, reserved: 1 }],
  ],
  customers: [
    ...tenantCases,
    ['email_format', { email: 'anna.mueller@' }],
    ['email_format', { email: 'anna mueller@gmx.de' }],
    ['email_format', { email: 'anna.mueller@gmx..de' }],
    ['email_format', { email: 'anna.mueller@gmx.d' }],
    ['email_format', { email: `${'a'.repeat(60)}@${'b'.repeat(192)}.de` }], // 256 characters
    ['phone_format', { phone: 'call the office' }],
    ['phone_format', { phone: '' }],
    ['country_code_format', { country_code: 'Germany' }],
    ['segment_enum', { segment: 'Consumer' }],
  ],
  orders: [
    ...tenantCases,
    ['status_enum', { status: 'on_hold' }],
    ['status_enum', { status: '' }],
    ['currency_format', { currency: 'usd' }],
    ['total_amount_range', { total_amount: '-5.00' }],
    ['total_amount_range', { total_amount: -5 }, typeError],
  ],
  order_items: [
    ...tenantCases,
    ['quantity_range', { quantity: 0, line_amount: '0.00' }],
    ['quantity_range', { quantity: '3' }, typeError],
    ['unit_price_range', { unit_price: '-513.99' }, { also: ['line_amount_adds_up'] }],
    ['discount_amount_range', { discount_amount: '-1.00', line_amount: '1542.97' }],
    ['line_amount_range', { unit_price: '0.00', discount_amount: '1.00', line_amount: '-1.00' }],
    ['line_amount_adds_up', { line_amount: '1541.96' }],
    ['line_amount_adds_up', { discount_amount: '41.97' }],
    ['line_amount_adds_up', { quantity: 3, unit_price: '0.10', line_amount: '0.31' }],
  ],
  payments: [
    ...tenantCases,
    ['method_enum', { method: 'cash' }],
    ['status_enum', { status: 'settled' }],
    ['amount_range', { amount: '-0.01' }],
    ['currency_format', { currency: 'EU' }],
  ],
  invoices: [
    ...tenantCases,
    ['status_enum', { status: 'draft' }],
    ['currency_format', { currency: 'Eur' }],
    ['net_amount_range', { net_amount: '-1.00', tax_amount: '1542.97' }],
    ['tax_amount_range', { net_amount: '1542.97', tax_amount: '-1.00' }],
    [
      'total_amount_range',
      { net_amount: '0.00', tax_amount: '0.00', total_amount: '-0.01' },
      { also: ['net_plus_tax_equals_total'] },
    ],
    ['tax_rate_range', { tax_rate: '100.000' }],
    ['tax_rate_range', { tax_rate: '-19.000' }],
    ['net_plus_tax_equals_total', { total_amount: '1541.98' }],
    ['net_plus_tax_equals_total', { net_amount: '0.10', tax_amount: '0.20', total_amount: '0.31' }],
  ],
};

/** Values at the edges of what the rules allow, including ones a naive check would reject. */
const good: { readonly [T in QualityTable]: readonly Patch[] } = {
  tenants: [{ tenant_id: 'a' }, { tenant_id: 'umbrella_eu-2' }, { tenant_id: 'a'.repeat(32) }],
  markets: [
    { market_id: 'GB-ENG' },
    { market_id: 'MX-CMX' },
    { country_code: 'XK' },
    { tax_rate: '0.000' },
    { tax_rate: '99.999' },
  ],
  fx_rates: [
    { currency: 'USD', rate_to_usd: '1.00000000' },
    { rate_to_usd: '0.00000001' },
    { currency: 'BGN' },
  ],
  vendors: [
    { contact_email: "o'brien+orders@eircom.net" },
    { phone: '+1 (212) 555-0123 ext. 45' },
    { phone: '0049 151/2345678' },
    { phone: '+354 612 3456' },
  ],
  products: [{ list_price_usd: '0.00' }, { unit_cost_usd: '0' }, { attributes: '{}' }, { sku: 'A' }],
  warehouses: [{ warehouse_id: 'UMBRELLA-WH-GB-ENG-12' }],
  inventory: [
    { on_hand: 0, reserved: 0 },
    { on_hand: 5, reserved: 5 },
    { on_hand: 2_147_483_647, reserved: 2_147_483_647 },
  ],
  customers: [{ phone: null }, { email: 'a@b.co' }, { country_code: 'IS', phone: '+354 612 3456' }],
  orders: [{ status: 'returned' }, { total_amount: '0.00' }, { currency: 'CHF' }],
  order_items: [
    { quantity: 1, unit_price: '0.00', discount_amount: '0.00', line_amount: '0.00' },
    { quantity: 3, unit_price: '0.10', discount_amount: '0.00', line_amount: '0.3' }, // "0.3" equals "0.30"
    { quantity: 2, unit_price: '19.99', discount_amount: '4.00', line_amount: '35.98' },
    { quantity: 1, unit_price: '9999999999.99', discount_amount: '0.00', line_amount: '9999999999.99' },
  ],
  payments: [
    { status: 'failed', failure_reason: 'card_declined' },
    { amount: '0.00' },
    { method: 'gift_card' },
  ],
  invoices: [
    { net_amount: '0.1', tax_amount: '0.2', total_amount: '0.30' }, // 0.1 + 0.2 !== 0.3 in floating point
    { net_amount: '1541.97', tax_rate: '0.000', tax_amount: '0.00', total_amount: '1541.97' },
    { net_amount: '9999999999.98', tax_amount: '0.01', total_amount: '9999999999.99' },
  ],
};

const label = (patch: Patch) =>
  Object.entries(patch)
    .map(
      ([column, value]) => `${column}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    )
    .join(', ');

describe.each(qualityTables)('quality rules of %s', (table) => {
  const row = goodRows[table];
  const rules = qualityCatalog[table];

  it('pass the representative row', () => {
    expect(checkRow(table, row)).toEqual([]);
  });

  for (const patch of good[table]) {
    it(`stay silent on ${label(patch)}`, () => {
      expect(checkRow(table, { ...row, ...patch })).toEqual([]);
    });
  }

  for (const rule of rules.filter((r) => r.kind === 'required')) {
    const [column = ''] = rule.columns;
    it(`${rule.id} fires on null and on an absent column`, () => {
      const { [column]: _dropped, ...absent } = row;
      for (const image of [{ ...row, [column]: null }, absent]) {
        expect(checkRow(table, image)).toEqual([
          expect.objectContaining({ rule: rule.id, code: 'QUALITY_REQUIRED', columns: [column] }),
        ]);
      }
    });
  }

  for (const [name, patch, options] of bad[table]) {
    const id = `${table}.${name}`;
    it(`${id} fires on ${label(patch)}`, () => {
      const violations = checkRow(table, { ...row, ...patch });
      const rule = rules.find((r) => r.id === id);
      expect(rule).toBeDefined();
      expect(violations.map((v) => v.rule)).toEqual(
        rules
          .filter((r) => r.id === id || options?.also?.includes(r.id.slice(table.length + 1)))
          .map((r) => r.id),
      );
      const violation = violations.find((v) => v.rule === id);
      expect(violation?.code).toBe(options?.code ?? rule?.code);
      expect(violation?.columns).toEqual(rule?.columns);
      expect(violation?.reason).toMatch(new RegExp(`^${table}\\.${rule?.columns[0]} `));
    });
  }

  it('has a failing case for every rule', () => {
    const covered = new Set([
      ...bad[table].map(([name]) => `${table}.${name}`),
      ...rules.filter((r) => r.kind === 'required').map((r) => r.id),
    ]);
    expect(rules.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});
