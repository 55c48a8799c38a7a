import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { qualityCatalog, qualityTables } from './catalog';

/**
 * Keeps the catalog in step with db/globalmart/schema.sql, the source it guards: a column made NOT
 * NULL, an ENUM value added, a CHECK added, or a new table with a tenant_id fails here first, rather
 * than as surprise dead letters (or a silent gap) in production.
 */
interface Column {
  name: string;
  notNull: boolean;
  enumValues?: string[];
}

const schemaSql = readFileSync(join(__dirname, '../../../../db/globalmart/schema.sql'), 'utf8');

function schema(): Map<string, { columns: Column[]; checks: [string, string][] }> {
  const tables = new Map<string, { columns: Column[]; checks: [string, string][] }>();
  for (const [, table = '', body = ''] of schemaSql.matchAll(
    /CREATE TABLE IF NOT EXISTS (\w+) \(\n([\s\S]*?)\n\) ENGINE/g,
  )) {
    const columns: Column[] = [];
    for (const [, name = '', definition = ''] of body.matchAll(/^ {2}([a-z][a-z0-9_]*)\s+(.*)$/gm)) {
      const enumList = /\bENUM\(([^)]*)\)/.exec(definition)?.[1];
      columns.push({
        name,
        notNull: /\bNOT NULL\b/.test(definition),
        ...(enumList !== undefined && {
          enumValues: [...enumList.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? ''),
        }),
      });
    }
    const checks = [...body.matchAll(/CHECK \((\w+) ([<>=]+) 0\)/g)].map(
      ([, column = '', op = '']): [string, string] => [column, op],
    );
    tables.set(table, { columns, checks });
  }
  return tables;
}

const source = schema();

describe('the quality catalog against db/globalmart/schema.sql', () => {
  it('covers exactly the source tables', () => {
    expect(source.size).toBe(12);
    expect([...qualityTables].sort()).toEqual([...source.keys()].sort());
    // The parser found what the checks below rely on (so they cannot pass vacuously).
    const all = [...source.values()];
    expect(all.flatMap((t) => t.checks).length).toBe(5);
    expect(all.flatMap((t) => t.columns).filter((c) => c.enumValues).length).toBe(8);
    expect(
      all
        .flatMap((t) => t.columns)
        .filter((c) => !c.notNull)
        .map((c) => c.name),
    ).toEqual(['phone', 'address_line2', 'shipped_at', 'delivered_at', 'failure_reason']);
  });

  describe.each(qualityTables)('%s', (table) => {
    const { columns, checks } = source.get(table) ?? { columns: [], checks: [] };
    const rules = qualityCatalog[table];
    const ruled = (kind: string, column: string) =>
      rules.some((r) => r.kind === kind && r.columns[0] === column);

    it('requires exactly the NOT NULL columns', () => {
      const required = rules.filter((r) => r.kind === 'required').map((r) => r.columns[0]);
      expect(required).toEqual(columns.filter((c) => c.notNull).map((c) => c.name));
    });

    it('lists exactly the ENUM values of each ENUM column', () => {
      for (const column of columns.filter((c) => c.enumValues)) {
        const rule = rules.find((r) => r.kind === 'enum' && r.columns[0] === column.name);
        expect({ column: column.name, values: rule?.values }).toEqual({
          column: column.name,
          values: column.enumValues,
        });
      }
    });

    it('names only columns the table has', () => {
      const names = new Set(columns.map((c) => c.name));
      expect(rules.flatMap((r) => r.columns).filter((c) => !names.has(c))).toEqual([]);
    });

    it('repeats every CHECK constraint of the source', () => {
      for (const [column] of checks) {
        expect({ column, ruled: ruled('integer', column) || ruled('decimal', column) }).toEqual({
          column,
          ruled: true,
        });
      }
    });

    it('checks the shape of every tenant id, currency and country code', () => {
      for (const column of columns.filter((c) =>
        ['tenant_id', 'currency', 'country_code'].includes(c.name),
      )) {
        expect({ column: column.name, ruled: ruled('format', column.name) }).toEqual({
          column: column.name,
          ruled: true,
        });
      }
    });

    it('gives every operand of a cross-field rule its own typed rule, which reports a wrong type', () => {
      for (const rule of rules.filter((r) => r.kind === 'at_most' || r.kind === 'sum')) {
        for (const column of rule.columns) {
          expect({ column, ruled: ruled('integer', column) || ruled('decimal', column) }).toEqual({
            column,
            ruled: true,
          });
        }
      }
    });
  });
});
