import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rowFacts } from './row-facts';
import { latestVersion, PACKAGE_DIR, rowHistory, rowTables } from './schema-files';
import type { AvroJson } from './schema-json';

/**
 * The latest row schema of each table follows db/globalmart/schema.sql through the README's mapping
 * (Row values): one field per column in column order, the Avro type of its MariaDB type, nullable
 * columns as ["null", T] with default null, and the same primary key. A column added at the source
 * fails here until a new row schema version carries it.
 */
const ddl = readFileSync(path.join(PACKAGE_DIR, '..', '..', 'db', 'globalmart', 'schema.sql'), 'utf8');

interface Column {
  readonly name: string;
  readonly type: AvroJson;
}

function sourceTables(): Map<string, { columns: Column[]; primaryKey: string[] }> {
  const tables = new Map<string, { columns: Column[]; primaryKey: string[] }>();
  for (const [, table = '', body = ''] of ddl.matchAll(
    /CREATE TABLE IF NOT EXISTS (\w+) \(\n([\s\S]*?)\n\) ENGINE/g,
  )) {
    const columns = [...body.matchAll(/^ {2}([a-z][a-z0-9_]*)\s+([A-Z]+)(?:\(([^)]*)\))?(.*)$/gm)].map(
      ([, name = '', sqlType = '', args = '', rest = '']) => {
        const type = avroTypeOf(sqlType, args);
        return { name, type: /\bNOT NULL\b/.test(rest) ? type : ['null', type] };
      },
    );
    const primaryKey = (/PRIMARY KEY \(([^)]*)\)/.exec(body)?.[1] ?? '').split(/,\s*/);
    tables.set(table, { columns, primaryKey });
  }
  return tables;
}

// README, Row values.
function avroTypeOf(sqlType: string, args: string): AvroJson {
  switch (sqlType) {
    case 'TINYINT':
      return args === '1' ? 'boolean' : 'int'; // MariaDB's BOOLEAN is TINYINT(1)
    case 'INT':
    case 'SMALLINT':
      return 'int';
    case 'BIGINT':
      return 'long';
    case 'DECIMAL': {
      const [precision, scale] = args.split(',').map(Number);
      return { type: 'bytes', logicalType: 'decimal', precision, scale };
    }
    case 'VARCHAR':
    case 'CHAR':
    case 'TEXT':
    case 'ENUM':
    case 'JSON':
      return 'string';
    case 'BOOLEAN':
      return 'boolean';
    case 'DATE':
      return { type: 'int', logicalType: 'date' };
    case 'DATETIME':
      return { type: 'long', logicalType: 'local-timestamp-micros' };
    case 'TIMESTAMP':
      return { type: 'long', logicalType: 'timestamp-micros' };
    default:
      throw new Error(`schema.sql uses ${sqlType}, which the README does not map yet`);
  }
}

const source = sourceTables();

it('has a row schema for exactly the source tables', () => {
  expect(rowTables()).toEqual([...source.keys()].sort());
});

describe.each([...source])('%s', (table, { columns, primaryKey }) => {
  const { schema } = latestVersion(rowHistory(table));

  it('has one field per column, in column order, with the mapped type', () => {
    expect(schema.fields.map(({ name, type }) => ({ name, type }))).toEqual(columns);
  });

  it('gives nullable columns default null and the others no default', () => {
    for (const field of schema.fields) {
      expect({ field: field.name, default: field.default }).toEqual({
        field: field.name,
        default: Array.isArray(field.type) ? null : undefined,
      });
    }
  });

  it('declares the primary key and tenant column of the source table', () => {
    const facts = rowFacts(table, schema);
    expect(facts.primaryKey).toEqual(primaryKey);
    expect(facts.tenantColumn).toBe(columns.some((c) => c.name === 'tenant_id') ? 'tenant_id' : null);
  });
});
