import { changeEventSchema } from './avro/change-event';
import { enrichedEventSchema } from './avro/enriched-event';
import { AVRO_DIR, derivedHistory, latestVersion, rowHistory } from './avro/schema-files';
import type { RecordJson } from './avro/schema-json';
import { ENTITIES, type GlobalMartRows, TABLES, type Table } from './generated/catalog';

export type { GlobalMartRow, GlobalMartRows, Table } from './generated/catalog';
/**
 * The entity catalog: the GlobalMart tables and what each one's row schema says about it. The lists
 * are generated from avro/rows/<table>/vN.avsc (`lakestream.primaryKey`, `lakestream.tenantColumn`),
 * so the schema is the one place they are written.
 */
export { ENTITIES, TABLES };

export type PrimaryKeyColumn<T extends Table> = (typeof ENTITIES)[T]['primaryKey'][number];

/** The primary-key columns of a row of `T`, with their values: what its canonical key is made of. */
export type KeyValues<T extends Table> = T extends Table
  ? Pick<GlobalMartRows[T], PrimaryKeyColumn<T> & keyof GlobalMartRows[T]>
  : never;

export function isTable(name: string): name is Table {
  return (TABLES as readonly string[]).includes(name);
}

/** Primary-key columns in declared key order. */
export function primaryKey<T extends Table>(table: T): readonly PrimaryKeyColumn<T>[] {
  return ENTITIES[table].primaryKey;
}

/** The column holding the row's tenant; null for reference tables shared by all tenants. */
export function tenantColumn(table: Table): 'tenant_id' | null {
  return ENTITIES[table].tenantColumn;
}

/**
 * The row schema of a table as kept in avro/rows/<table>/vN.avsc; by default the version the generated
 * row type follows (the newest).
 */
export function loadRowSchema(
  table: Table,
  version: number = ENTITIES[table].rowVersion,
  avroDir: string = AVRO_DIR,
): RecordJson {
  const found = rowHistory(table, avroDir).find((kept) => kept.version === version);
  if (!found) throw new Error(`avro/rows/${table} has no v${version}`);
  return found.schema;
}

/** The ChangeEvent schema a producer registers for a table: the latest envelope around the latest row. */
export function loadChangeEventSchema(table: Table): RecordJson {
  return changeEventSchema(table, loadRowSchema(table));
}

/** The derived columns the enricher adds to a table's rows (latest version), if it adds any. */
export function loadDerivedSchema(table: Table, avroDir: string = AVRO_DIR): RecordJson | undefined {
  const history = derivedHistory(table, avroDir);
  return history.length > 0 ? latestVersion(history).schema : undefined;
}

/** The schema the enricher registers for a table: latest envelopes around the latest enriched row. */
export function loadEnrichedEventSchema(table: Table): RecordJson {
  return enrichedEventSchema(table, loadRowSchema(table), loadDerivedSchema(table));
}
