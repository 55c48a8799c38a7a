import { qualityTables } from './catalog';
import { checkRow } from './check';
import type { Violation } from './codes';

/**
 * The GlobalMart seed is the shape of real source data (every locale's phone numbers and addresses,
 * every attributes shape, every order lifecycle); none of it may be dead-lettered. cli depends on
 * this package, so a typed import of the generator would make the project references circular: the
 * test loads it at run time only, and converts its SQL-shaped rows to canonical row values.
 */
interface SeedPlan {
  rows: Record<string, Record<string, unknown>[]>;
}
const { generateSeed } = require('../../../stack/src/globalmart/seed') as {
  generateSeed(options: { seed: number; scale: number }): SeedPlan;
};

const dayMs = 86_400_000;
const dateColumns = new Set(['rate_date', 'due_date']);

/** README "Row values": DATETIME/TIMESTAMP → epoch ms, DATE → days, BIGINT → bigint; the rest as is. */
function canonical(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => {
      if (typeof value === 'string' && column.endsWith('_at'))
        return [column, Date.parse(`${value.replace(' ', 'T')}Z`)];
      if (typeof value === 'string' && dateColumns.has(column))
        return [column, Date.parse(`${value}T00:00:00Z`) / dayMs];
      if (typeof value === 'number' && (column === 'id' || column.endsWith('_id')))
        return [column, BigInt(value)];
      return [column, value];
    }),
  );
}

describe('the GlobalMart seed', () => {
  const plan = generateSeed({ seed: 11, scale: 0.3 });

  it.each(qualityTables)('passes every rule of %s', (table) => {
    const rows = plan.rows[table] ?? [];
    expect(rows.length).toBeGreaterThan(0);
    const broken: Violation[] = rows.flatMap((row) => checkRow(table, canonical(row)));
    expect(broken.slice(0, 5)).toEqual([]);
  });

  it('is converted faithfully: the conversion itself yields canonical values', () => {
    const [order] = (plan.rows.orders ?? []).map(canonical);
    expect(typeof order?.id).toBe('bigint');
    expect(typeof order?.ordered_at).toBe('number');
    expect(order?.total_amount).toMatch(/^\d+\.\d{2}$/);
    const [invoice] = (plan.rows.invoices ?? []).map(canonical);
    expect(Number.isInteger(invoice?.due_date)).toBe(true);
  });
});
