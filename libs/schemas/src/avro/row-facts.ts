import { entityName } from './names';
import type { AvroJson, RecordJson } from './schema-json';

/** The TypeScript type of a primary-key value, which decides its canonical key text. */
export type KeyType = 'string' | 'number' | 'bigint';

/** What the rest of the system needs to know about a table, all kept in its row schema. */
export interface RowFacts {
  readonly table: string;
  /** The row record's name, `<Entity>Row`. */
  readonly record: string;
  /** Primary-key columns in declared key order (custom attribute `lakestream.primaryKey`). */
  readonly primaryKey: readonly string[];
  /** The value type of each primary-key column, in the same order. */
  readonly keyTypes: readonly KeyType[];
  /** The column holding the tenant (custom attribute `lakestream.tenantColumn`); null for reference data. */
  readonly tenantColumn: string | null;
}

export const ROW_NAMESPACE = 'lakestream.globalmart';

/** Reads and checks the facts of a table from its row schema; the error names the table and the rule. */
export function rowFacts(table: string, schema: RecordJson): RowFacts {
  const fail = (message: string): never => {
    throw new Error(`rows/${table}: ${message}`);
  };
  const record = `${entityName(table)}Row`;
  if (schema.name !== record || schema.namespace !== ROW_NAMESPACE) {
    fail(`the record must be ${ROW_NAMESPACE}.${record}, not ${schema.namespace}.${schema.name}`);
  }
  if (!schema.doc) fail('the record needs a doc');
  const fieldType = new Map(schema.fields.map((field) => [field.name, field.type]));

  const primaryKey = schema['lakestream.primaryKey'];
  if (
    !Array.isArray(primaryKey) ||
    primaryKey.length === 0 ||
    !primaryKey.every((c) => typeof c === 'string')
  ) {
    return fail('"lakestream.primaryKey" must list the primary-key columns in key order');
  }
  if (new Set(primaryKey).size !== primaryKey.length) fail('"lakestream.primaryKey" lists a column twice');
  const keyTypes = primaryKey.map((column: string) => {
    const type = fieldType.get(column);
    if (type === undefined) return fail(`primary-key column ${column} is not a field`);
    return (
      keyType(type) ?? fail(`primary-key column ${column} of type ${JSON.stringify(type)} has no key text`)
    );
  });

  const tenantColumn = schema['lakestream.tenantColumn'];
  if (
    tenantColumn !== null &&
    (typeof tenantColumn !== 'string' || fieldType.get(tenantColumn) !== 'string')
  ) {
    fail('"lakestream.tenantColumn" must name a non-null string column, or be null for reference data');
  }
  return { table, record, primaryKey, keyTypes, tenantColumn: tenantColumn as string | null };
}

// Only types with an exact, reversible text form can be part of a key; nullable ones cannot (a
// primary key is never null).
function keyType(type: AvroJson): KeyType | undefined {
  if (Array.isArray(type)) return undefined;
  if (typeof type === 'object') {
    if (type.type === 'int' && type.logicalType === 'date') return 'number';
    return type.logicalType === undefined ? keyType(type.type) : undefined;
  }
  switch (type) {
    case 'string':
      return 'string';
    case 'int':
      return 'number';
    case 'long':
      return 'bigint';
    default:
      return undefined;
  }
}
