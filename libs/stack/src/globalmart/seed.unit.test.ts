import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { categories } from './catalog';
import { asciiFold } from './locales';
import { formatCents, localPrice, parseCents, splitTax } from './money';
import { Random } from './prng';
import { seedColumns, seedTableOrder } from './rows';
import { generateSeed, type SeedPlan, seedScript, seedStatements } from './seed';
import { escapeIdentifier, escapeString, insertStatements, sqlLiteral } from './sql';

const schemaSql = readFileSync(join(__dirname, '../../../../db/globalmart/schema.sql'), 'utf8');

/** Column names per table, as declared in schema.sql. */
function schemaColumns(): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  for (const match of schemaSql.matchAll(/CREATE TABLE IF NOT EXISTS (\w+) \(\n([\s\S]*?)\n\) ENGINE/g)) {
    const [, table, body] = match;
    if (!table || body === undefined) continue;
    const columns = body
      .split('\n')
      .map((line) => /^ {2}([a-z][a-z0-9_]*)\s/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    tables.set(table, columns);
  }
  return tables;
}

const cents = (decimal: string) => parseCents(decimal);

describe('generateSeed', () => {
  let plan: SeedPlan;
  beforeAll(() => {
    plan = generateSeed({ seed: 7, scale: 0.25 });
  });

  it('is deterministic: the same options give byte-identical SQL', () => {
    const again = generateSeed({ seed: 7, scale: 0.25 });
    expect(seedScript(again)).toBe(seedScript(plan));
  });

  it('gives different data for a different seed', () => {
    const other = generateSeed({ seed: 8, scale: 0.25 });
    expect(other.rows.customers.map((c) => c.email)).not.toEqual(plan.rows.customers.map((c) => c.email));
    expect(other.rows.orders.map((o) => o.total_amount)).not.toEqual(
      plan.rows.orders.map((o) => o.total_amount),
    );
  });

  it('scales tenant-owned tables linearly and keeps reference data fixed', () => {
    // Above the per-tenant minimums (one vendor per line, one product per subcategory).
    const small = generateSeed({ seed: 7, scale: 0.4 });
    const large = generateSeed({ seed: 7, scale: 0.8 });
    for (const table of ['customers', 'orders', 'products', 'vendors'] as const) {
      const ratio = large.counts[table] / small.counts[table];
      expect(ratio).toBeGreaterThan(1.8);
      expect(ratio).toBeLessThan(2.2);
    }
    expect(large.counts.order_items).toBeGreaterThan(small.counts.order_items * 1.7);
    // A SKU's footprint is capped, so inventory stays linear where warehouses are many.
    const huge = generateSeed({ seed: 7, scale: 2 });
    expect(huge.counts.inventory / huge.counts.products).toBeLessThan(8);
    for (const p of [small, large]) {
      expect(p.counts.tenants).toBe(5);
      expect(p.counts.markets).toBe(120);
      expect(p.counts.fx_rates).toBe(90 * 14);
    }
  });

  it('reaches the intended size at scale 1', () => {
    const { counts } = generateSeed({ seed: 1, scale: 1 });
    expect(counts.vendors).toBe(60);
    expect(counts.products).toBe(600);
    expect(counts.warehouses).toBeGreaterThanOrEqual(24);
    expect(counts.customers).toBe(3000);
    expect(counts.orders).toBe(8000);
    expect(counts.order_items).toBeGreaterThan(18_000);
    expect(counts.order_items).toBeLessThan(22_000);
    expect(counts.payments).toBeGreaterThan(7_500);
    expect(counts.invoices).toBeGreaterThan(6_500);
    expect(counts.inventory).toBeGreaterThan(2_500);
  });

  it('rejects a non-positive scale', () => {
    expect(() => generateSeed({ seed: 1, scale: 0 })).toThrow(/scale/);
  });

  it('has unique primary keys in every table', () => {
    const r = plan.rows;
    const keys: [string, string[]][] = [
      ['tenants', r.tenants.map((x) => x.tenant_id)],
      ['markets', r.markets.map((x) => x.market_id)],
      ['fx_rates', r.fx_rates.map((x) => `${x.currency}|${x.rate_date}`)],
      ['vendors', r.vendors.map((x) => String(x.id))],
      ['products', r.products.map((x) => x.sku)],
      ['warehouses', r.warehouses.map((x) => x.warehouse_id)],
      ['inventory', r.inventory.map((x) => `${x.sku}|${x.warehouse_id}`)],
      ['customers', r.customers.map((x) => String(x.id))],
      ['orders', r.orders.map((x) => String(x.id))],
      ['order_items', r.order_items.map((x) => String(x.id))],
      ['payments', r.payments.map((x) => String(x.id))],
      ['invoices', r.invoices.map((x) => String(x.id))],
      ['invoice numbers', r.invoices.map((x) => x.invoice_number)],
      ['invoice orders', r.invoices.map((x) => String(x.order_id))],
    ];
    for (const [name, values] of keys)
      expect({ name, duplicates: values.length - new Set(values).size }).toEqual({ name, duplicates: 0 });
  });

  it('resolves every foreign key within the same tenant', () => {
    const r = plan.rows;
    const tenants = new Set(r.tenants.map((t) => t.tenant_id));
    const markets = new Set(r.markets.map((m) => m.market_id));
    const vendors = new Set(r.vendors.map((v) => `${v.tenant_id}|${v.id}`));
    const products = new Set(r.products.map((p) => `${p.tenant_id}|${p.sku}`));
    const warehouses = new Set(r.warehouses.map((w) => `${w.tenant_id}|${w.warehouse_id}`));
    const customers = new Set(r.customers.map((c) => `${c.tenant_id}|${c.id}`));
    const orders = new Set(r.orders.map((o) => `${o.tenant_id}|${o.id}`));
    const dangling = (label: string, refs: string[], targets: Set<string>) => ({
      label,
      missing: refs.filter((ref) => !targets.has(ref)).slice(0, 3),
    });
    const checks = [
      dangling(
        'vendors.tenant',
        r.vendors.map((v) => v.tenant_id),
        tenants,
      ),
      dangling(
        'products.vendor',
        r.products.map((p) => `${p.tenant_id}|${p.vendor_id}`),
        vendors,
      ),
      dangling(
        'warehouses.tenant',
        r.warehouses.map((w) => w.tenant_id),
        tenants,
      ),
      dangling(
        'warehouses.market',
        r.warehouses.map((w) => w.market_id),
        markets,
      ),
      dangling(
        'inventory.product',
        r.inventory.map((i) => `${i.tenant_id}|${i.sku}`),
        products,
      ),
      dangling(
        'inventory.warehouse',
        r.inventory.map((i) => `${i.tenant_id}|${i.warehouse_id}`),
        warehouses,
      ),
      dangling(
        'customers.tenant',
        r.customers.map((c) => c.tenant_id),
        tenants,
      ),
      dangling(
        'customers.market',
        r.customers.map((c) => c.market_id),
        markets,
      ),
      dangling(
        'orders.customer',
        r.orders.map((o) => `${o.tenant_id}|${o.customer_id}`),
        customers,
      ),
      dangling(
        'orders.warehouse',
        r.orders.map((o) => `${o.tenant_id}|${o.warehouse_id}`),
        warehouses,
      ),
      dangling(
        'orders.market',
        r.orders.map((o) => o.market_id),
        markets,
      ),
      dangling(
        'order_items.order',
        r.order_items.map((i) => `${i.tenant_id}|${i.order_id}`),
        orders,
      ),
      dangling(
        'order_items.product',
        r.order_items.map((i) => `${i.tenant_id}|${i.sku}`),
        products,
      ),
      dangling(
        'payments.order',
        r.payments.map((p) => `${p.tenant_id}|${p.order_id}`),
        orders,
      ),
      dangling(
        'invoices.order',
        r.invoices.map((i) => `${i.tenant_id}|${i.order_id}`),
        orders,
      ),
    ];
    for (const check of checks) expect(check).toEqual({ label: check.label, missing: [] });
  });

  it('prices orders from the fx rate of the order date and the customer market', () => {
    const r = plan.rows;
    const rates = new Map(r.fx_rates.map((f) => [`${f.currency}|${f.rate_date}`, f.rate_to_usd]));
    const currencyOf = new Map(r.markets.map((m) => [m.market_id, m.currency]));
    const marketOfCustomer = new Map(r.customers.map((c) => [c.id, c.market_id]));
    const violations = r.orders.filter(
      (order) =>
        order.market_id !== marketOfCustomer.get(order.customer_id) ||
        order.currency !== currencyOf.get(order.market_id) ||
        !rates.has(`${order.currency}|${order.ordered_at.slice(0, 10)}`),
    );
    expect(violations.slice(0, 3)).toEqual([]);
  });

  it('keeps money consistent: lines, order totals, invoices and payments agree', () => {
    const r = plan.rows;
    const sums = new Map<number, number>();
    const badLines = r.order_items.filter(
      (item) =>
        cents(item.line_amount) !== item.quantity * cents(item.unit_price) - cents(item.discount_amount),
    );
    expect(badLines.slice(0, 3)).toEqual([]);
    for (const item of r.order_items) {
      sums.set(item.order_id, (sums.get(item.order_id) ?? 0) + cents(item.line_amount));
    }
    const orders = new Map(r.orders.map((o) => [o.id, o]));
    const violations: string[] = [];
    for (const order of r.orders) {
      if (cents(order.total_amount) !== sums.get(order.id)) violations.push(`order ${order.id} total`);
    }
    for (const invoice of r.invoices) {
      const order = orders.get(invoice.order_id);
      if (invoice.total_amount !== order?.total_amount || invoice.currency !== order.currency) {
        violations.push(`invoice ${invoice.id} vs order`);
      }
      if (cents(invoice.net_amount) + cents(invoice.tax_amount) !== cents(invoice.total_amount)) {
        violations.push(`invoice ${invoice.id} net + tax`);
      }
    }
    for (const payment of r.payments) {
      const order = orders.get(payment.order_id);
      if (payment.amount !== order?.total_amount || payment.currency !== order.currency) {
        violations.push(`payment ${payment.id} vs order`);
      }
    }
    expect(violations.slice(0, 5)).toEqual([]);
  });

  it('keeps order status, payments and invoices in step', () => {
    const r = plan.rows;
    const paymentsOf = new Map<number, string[]>();
    for (const p of r.payments) paymentsOf.set(p.order_id, [...(paymentsOf.get(p.order_id) ?? []), p.status]);
    const invoiceOf = new Map(r.invoices.map((i) => [i.order_id, i.status]));
    const violations = r.orders.filter((order) => {
      const settled = paymentsOf.get(order.id) ?? [];
      const invoice = invoiceOf.get(order.id);
      const inStep =
        (!['paid', 'shipped', 'delivered'].includes(order.status) ||
          (settled.includes('captured') && invoice === 'paid')) &&
        (order.status !== 'returned' || (settled.includes('refunded') && invoice === 'credited')) &&
        (order.status !== 'pending' || !settled.includes('captured')) &&
        (order.shipped_at !== null) === ['shipped', 'delivered', 'returned'].includes(order.status) &&
        (order.delivered_at !== null) === ['delivered', 'returned'].includes(order.status);
      return !inStep;
    });
    expect(violations.slice(0, 3)).toEqual([]);
  });

  it('keeps every timestamp within the seeded period and updated_at after created_at', () => {
    const end = `${plan.periodEnd} 23:59:59.999`;
    const firstRateDate = plan.rows.fx_rates[0]?.rate_date ?? '';
    const violations: string[] = [];
    for (const table of seedTableOrder) {
      for (const row of plan.rows[table]) {
        if (row.updated_at < row.created_at || row.updated_at > end)
          violations.push(`${table}: ${JSON.stringify(row)}`);
      }
    }
    for (const order of plan.rows.orders)
      if (order.ordered_at < firstRateDate) violations.push(`order ${order.id}`);
    expect(violations.slice(0, 3)).toEqual([]);
  });

  it('gives every customer a unique email address, across tenants', () => {
    const emails = plan.rows.customers.map((c) => c.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.filter((email) => !/^[a-z0-9._]+@[a-z0-9.-]+\.[a-z]{2,}$/.test(email))).toEqual([]);
  });

  it('segregates tenants: SKUs and warehouse ids carry their tenant prefix', () => {
    for (const p of plan.rows.products) expect(p.sku.startsWith(`${p.tenant_id.toUpperCase()}-`)).toBe(true);
    for (const w of plan.rows.warehouses)
      expect(w.warehouse_id.startsWith(`${w.tenant_id.toUpperCase()}-WH-`)).toBe(true);
  });

  it('has 120 markets in North America and Europe with ISO currency codes', () => {
    const markets = plan.rows.markets;
    expect(new Set(markets.map((m) => m.region))).toEqual(new Set(['North America', 'Europe']));
    for (const m of markets) {
      expect(m.market_id).toMatch(/^[A-Z]{2}-[A-Z0-9]{1,3}$/);
      expect(m.market_id.slice(0, 2)).toBe(m.country_code);
      expect(m.currency).toMatch(/^[A-Z]{3}$/);
    }
  });

  it('shapes product attributes by category', () => {
    const byCategory = new Map(
      categories.map((c) => [c, plan.rows.products.filter((p) => p.category === c)]),
    );
    for (const [category, products] of byCategory) {
      expect(products.length).toBeGreaterThan(0);
      for (const product of products) {
        const attributes = JSON.parse(product.attributes) as Record<string, unknown>;
        if (category === 'Technology') expect(attributes).toHaveProperty('warranty_months');
        if (category === 'Office Supplies') expect(attributes).toHaveProperty('pack_size');
        if (category === 'Furniture') {
          expect(attributes).toHaveProperty('dimensions_cm.w');
          expect(typeof attributes.assembly_required).toBe('boolean');
        }
      }
    }
    const laptop = plan.rows.products.find((p) => p.subcategory === 'Laptops');
    expect(JSON.parse(laptop?.attributes ?? '{}')).toEqual(
      expect.objectContaining({
        cpu: expect.any(String),
        ram_gb: expect.any(Number),
        screen_in: expect.any(Number),
      }),
    );
  });

  it('matches the columns of db/globalmart/schema.sql, table by table', () => {
    const schema = schemaColumns();
    expect([...schema.keys()].sort()).toEqual([...seedTableOrder].sort());
    for (const table of seedTableOrder)
      expect({ table, columns: [...seedColumns[table]] }).toEqual({ table, columns: schema.get(table) });
  });

  it('emits session settings, then batched INSERTs of at most 500 rows in dependency order', () => {
    const statements = seedStatements(plan);
    expect(statements.slice(0, 4)).toEqual([
      'SET NAMES utf8mb4',
      expect.stringContaining('sql_mode'),
      "SET time_zone = '+00:00'",
      'USE `globalmart`',
    ]);
    const inserts = statements.slice(4);
    const tablesInOrder = inserts.map((s) => /^INSERT INTO `(\w+)`/.exec(s)?.[1]);
    expect([...new Set(tablesInOrder)]).toEqual(seedTableOrder.filter((t) => plan.counts[t] > 0));
    for (const table of seedTableOrder) {
      const expected = Math.ceil(plan.counts[table] / 500);
      expect({ table, statements: tablesInOrder.filter((t) => t === table).length }).toEqual({
        table,
        statements: expected,
      });
    }
  });
});

describe('SQL text', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(escapeString("O'Brien")).toBe("'O\\'Brien'");
    expect(escapeString('C:\\temp\\new')).toBe("'C:\\\\temp\\\\new'");
    expect(escapeString('a\nb\rc\0d\x1ae')).toBe("'a\\nb\\rc\\0d\\Ze'");
    expect(escapeString("\\'")).toBe("'\\\\\\''");
  });

  it('passes Unicode through untouched', () => {
    for (const text of ['Müller', 'Παπαδόπουλος', 'бул. Витоша', 'Þórður', 'Zoë 😀', '27" QHD']) {
      expect(escapeString(text)).toBe(`'${text}'`);
    }
  });

  it('renders literals by type and refuses what SQL cannot represent', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(true)).toBe('1');
    expect(sqlLiteral(false)).toBe('0');
    expect(sqlLiteral(42)).toBe('42');
    expect(sqlLiteral(12345678901234567890n)).toBe('12345678901234567890');
    expect(sqlLiteral('1234.50')).toBe("'1234.50'");
    expect(() => sqlLiteral(Number.NaN)).toThrow();
    expect(() => sqlLiteral(Number.POSITIVE_INFINITY)).toThrow();
  });

  it('quotes identifiers with backticks', () => {
    expect(escapeIdentifier('order_items')).toBe('`order_items`');
    expect(escapeIdentifier('we`ird')).toBe('`we``ird`');
    expect(() => escapeIdentifier('')).toThrow();
  });

  it('batches rows and fails on a missing column instead of writing "undefined"', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: i, name: i % 2 ? null : `n'${i}` }));
    const statements = insertStatements('t', ['id', 'name'], rows, 2);
    expect(statements).toHaveLength(3);
    expect(statements[0]).toBe("INSERT INTO `t` (`id`, `name`) VALUES\n(0, 'n\\'0'),\n(1, NULL)");
    expect(() =>
      insertStatements('t', ['id', 'missing' as 'name'], [{ id: 1 } as { id: number; name: string }]),
    ).toThrow(/t\.missing/);
  });
});

describe('money and names', () => {
  it('formats and parses cents exactly', () => {
    expect(formatCents(123456)).toBe('1234.56');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-150)).toBe('-1.50');
    expect(parseCents('1234.5')).toBe(123450);
    expect(parseCents(formatCents(987654321))).toBe(987654321);
  });

  it('splits a tax-inclusive total without losing a cent', () => {
    const { net, tax } = splitTax(11900, 19);
    expect(net).toBe(10000);
    expect(net + tax).toBe(11900);
  });

  it('converts USD list prices to local shelf prices', () => {
    expect(localPrice(129900, 108_000_000)).toBe(120299);
    expect(localPrice(499, 100_000_000)).toBe(499);
  });

  it('folds names to ASCII for email addresses', () => {
    expect(asciiFold('Łukasz')).toBe('lukasz');
    expect(asciiFold("O'Brien")).toBe('obrien');
    expect(asciiFold('Παπαδόπουλος')).toBe('papadopoulos');
    expect(asciiFold('Иванова')).toBe('ivanova');
    expect(asciiFold("van 't Hof")).toBe('vanthof');
    expect(asciiFold('Weiß')).toBe('weiss');
  });

  it('draws the same sequence from the same seed, and independent streams per label', () => {
    const a = new Random(99);
    const b = new Random(99);
    expect(Array.from({ length: 5 }, () => a.float())).toEqual(Array.from({ length: 5 }, () => b.float()));
    expect(new Random(99).fork('x').float()).not.toBe(new Random(99).fork('y').float());
  });
});
