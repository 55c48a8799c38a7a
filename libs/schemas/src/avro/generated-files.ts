import { ROW_PLACEHOLDER } from './change-event';
import { rowFacts } from './row-facts';
import type { SchemaVersion } from './schema-files';
import { tsDeclarations } from './typescript';

/** The schemas the generated TypeScript follows: each table's latest row schema and the latest envelope. */
export interface SchemaSet {
  readonly rows: readonly { readonly table: string; readonly latest: SchemaVersion }[];
  readonly changeEvent: SchemaVersion;
  readonly enriched: SchemaVersion;
  readonly derived: readonly { readonly table: string; readonly latest: SchemaVersion }[];
}

/**
 * The files of libs/schemas/src/generated, by file name: one per table (`<table>.ts`, its
 * `<Entity>Row`), `change-event.ts` (`ChangeEvent<Row>`, `Op`, `SourcePosition`), `catalog.ts` (the
 * tables, their rows and facts) and an index. Pure, so a unit test can compare them with the files.
 */
export function generatedFiles(set: SchemaSet): Map<string, string> {
  const files = new Map<string, string>();
  for (const { table, latest } of set.rows) {
    files.set(`${table}.ts`, `${header(latest.file)}\n${tsDeclarations(latest.schema)}\n`);
  }
  const envelope = tsDeclarations(set.changeEvent.schema, { placeholder: ROW_PLACEHOLDER, name: 'Row' });
  files.set('change-event.ts', `${header(set.changeEvent.file)}\n${envelope}\n`);
  files.set('enriched.ts', `${header(set.enriched.file)}\n${tsDeclarations(set.enriched.schema)}\n`);
  const derived = set.derived.map(({ latest }) => tsDeclarations(latest.schema));
  files.set('derived.ts', `${header('avro/derived/*')}\n${derived.join('\n\n')}\n`);
  files.set('catalog.ts', catalog(set));
  const modules = [...files.keys()].map((file) => file.replace(/\.ts$/, '')).sort();
  files.set('index.ts', `${header('avro/**')}\n${modules.map((m) => `export * from './${m}';\n`).join('')}`);
  return files;
}

function header(source: string): string {
  return [
    `// Generated from libs/schemas/${source}: do not edit. Change the schema, then run`,
    '// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.',
    '',
  ].join('\n');
}

function catalog(set: SchemaSet): string {
  const tables = set.rows.map(({ table }) => table);
  const facts = set.rows.map(({ table, latest }) => ({
    ...rowFacts(table, latest.schema),
    version: latest.version,
  }));
  const list = (items: readonly (string | null)[]) => `[${items.map(literal).join(', ')}]`;
  return [
    header('avro/rows/*'),
    ...facts.map(({ table, record }) => `import type { ${record} } from './${table}';`),
    '',
    '/** The GlobalMart tables captured, one entity each. */',
    'export const TABLES = [',
    ...tables.map((table) => `  ${literal(table)},`),
    '] as const;',
    '',
    'export type Table = (typeof TABLES)[number];',
    '',
    '/** The row type of each table. */',
    'export interface GlobalMartRows {',
    ...facts.map(({ table, record }) => `  ${table}: ${record};`),
    '}',
    '',
    '/** A row of any GlobalMart table. */',
    'export type GlobalMartRow = GlobalMartRows[Table];',
    '',
    '/**',
    ' * Facts about each table from its latest row schema: the row record and its version (N of the newest',
    ' * avro/rows/<table>/vN.avsc, which the row type follows), the primary key in key order with each key',
    " * column's value type, and the tenant column (null for reference data shared by all tenants).",
    ' */',
    'export const ENTITIES = {',
    ...facts.flatMap((f) => [
      `  ${f.table}: {`,
      `    record: ${literal(f.record)},`,
      `    rowVersion: ${f.version},`,
      `    primaryKey: ${list(f.primaryKey)},`,
      `    keyTypes: ${list(f.keyTypes)},`,
      `    tenantColumn: ${literal(f.tenantColumn)},`,
      '  },',
    ]),
    '} as const;',
    '',
  ].join('\n');
}

function literal(value: string | null): string {
  return value === null ? 'null' : `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
