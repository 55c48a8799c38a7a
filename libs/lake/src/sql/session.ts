import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { type Catalog, identifierText, type LoadedTable, type TableIdentifier } from '@lakestream/iceberg';
import { type AsOf, asOfTime, snapshotFor } from '../as-of';
import { LakeError } from '../errors';
import { duckdbExtensions } from './extensions';

// SQL over the lake with DuckDB, the local stand-in for Athena (docs/decisions/0008-lake-sql.md).
// Every table of the catalog is a view over DuckDB's iceberg_scan of the table's metadata file, at
// the snapshot the request resolves (as-of.ts); DuckDB plans the files and applies position deletes.

export interface LakeS3Access {
  /** A local S3 server (`http://127.0.0.1:7070`); unset in AWS. */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Bucket in the path, as local servers want it. */
  pathStyle?: boolean;
}

export interface LakeSessionOptions {
  catalog: Catalog;
  /** Where the DuckDB extensions are installed (LAKESTREAM_CACHE). */
  cache: string;
  asOf?: AsOf;
  /** Needed when the warehouse is on S3. */
  s3?: LakeS3Access;
  /** The tables to expose; every table of the catalog unless given. */
  tables?: readonly TableIdentifier[];
  progress?: (line: string) => void;
}

export interface LakeView {
  /** The view's name: the table's, and `<namespace>.<table>` too. */
  name: string;
  identifier: TableIdentifier;
  metadataLocation: string;
  /** The snapshot read; undefined when the table had none at that time (the view is empty). */
  snapshotId: bigint | undefined;
}

export interface QueryResult {
  columns: { name: string; type: string }[];
  /** DuckDB values; `String(value)` is DuckDB's own text for each. */
  rows: unknown[][];
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteText = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** An S3 secret for httpfs: `endpoint` without its scheme, path style for local servers. */
function s3Secret(s3: LakeS3Access): string {
  const endpoint = s3.endpoint ? new URL(s3.endpoint) : undefined;
  const parts = [
    'TYPE s3',
    `REGION ${quoteText(s3.region)}`,
    ...(s3.accessKeyId ? [`KEY_ID ${quoteText(s3.accessKeyId)}`] : []),
    ...(s3.secretAccessKey ? [`SECRET ${quoteText(s3.secretAccessKey)}`] : []),
    ...(s3.sessionToken ? [`SESSION_TOKEN ${quoteText(s3.sessionToken)}`] : []),
    ...(endpoint
      ? [
          `ENDPOINT ${quoteText(endpoint.host)}`,
          `USE_SSL ${endpoint.protocol === 'https:' ? 'true' : 'false'}`,
        ]
      : []),
    `URL_STYLE ${quoteText(s3.pathStyle ? 'path' : 'vhost')}`,
  ];
  return `CREATE OR REPLACE SECRET lake_s3 (${parts.join(', ')})`;
}

/** A DuckDB connection with the Iceberg extensions loaded, and S3 access if given. */
export async function lakeDuckdb(
  cache: string,
  s3?: LakeS3Access,
  progress?: (line: string) => void,
): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const extensions = await duckdbExtensions(cache, progress);
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  for (const name of ['avro', 'iceberg', 'httpfs'])
    await connection.run(`LOAD ${quoteText(join(extensions, `${name}.duckdb_extension`))}`);
  if (s3) await connection.run(s3Secret(s3));
  return { instance, connection };
}

/** The view of one table at a snapshot: iceberg_scan of its metadata file at that snapshot id. */
export function viewSql(view: string, table: LoadedTable, snapshotId: bigint): string {
  // The id goes in as text cast by DuckDB: ids exceed 2^53 and a JS number would round them.
  return `CREATE OR REPLACE VIEW ${view} AS SELECT * FROM iceberg_scan(${quoteText(table.metadataLocation)}, snapshot_from_id => '${snapshotId.toString()}'::UBIGINT)`;
}

export interface LakeSession {
  views: LakeView[];
  /** The time every table is read as of (undefined: each table's current snapshot). */
  time: number | undefined;
  query(sql: string): Promise<QueryResult>;
  close(): void;
}

/** Opens DuckDB with one view per table of the catalog at the requested point. */
export async function openLakeSession(options: LakeSessionOptions): Promise<LakeSession> {
  const identifiers = options.tables ?? (await options.catalog.listTables());
  const loaded: LoadedTable[] = [];
  for (const identifier of identifiers) {
    const table = await options.catalog.loadTable(identifier);
    if (!table) throw new LakeError('LAKE_NOT_FOUND', `no table ${identifierText(identifier)}`);
    loaded.push(table);
  }
  const time = options.asOf ? asOfTime(options.asOf, loaded) : undefined;
  const { instance, connection } = await lakeDuckdb(options.cache, options.s3, options.progress);
  const views: LakeView[] = [];
  const names = new Map<string, number>();
  for (const table of loaded) names.set(table.identifier.name, (names.get(table.identifier.name) ?? 0) + 1);
  try {
    for (const table of loaded) {
      const snapshot = snapshotFor(table, options.asOf, time);
      // A table without any snapshot cannot be scanned at all: an empty view of its columns.
      const snapshotId = snapshot?.['snapshot-id'];
      const namespace = table.identifier.namespace.join('.');
      await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteId(namespace)}`);
      const qualified = `${quoteId(namespace)}.${quoteId(table.identifier.name)}`;
      await connection.run(
        snapshotId === undefined ? emptyViewSql(qualified, table) : viewSql(qualified, table, snapshotId),
      );
      // The bare name too, unless two namespaces have a table of that name.
      if (names.get(table.identifier.name) === 1)
        await connection.run(
          `CREATE OR REPLACE VIEW ${quoteId(table.identifier.name)} AS SELECT * FROM ${qualified}`,
        );
      views.push({
        name: table.identifier.name,
        identifier: table.identifier,
        metadataLocation: table.metadataLocation,
        snapshotId,
      });
    }
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  return {
    views,
    time,
    async query(sql: string): Promise<QueryResult> {
      let reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;
      try {
        reader = await connection.runAndReadAll(sql);
      } catch (error) {
        throw new LakeError('LAKE_QUERY_FAILED', (error as Error).message, { cause: error });
      }
      const names = reader.columnNames();
      const types = reader.columnTypes();
      return {
        columns: names.map((name, i) => ({ name, type: String(types[i]) })),
        rows: reader.getRows(),
      };
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** DuckDB type of an Iceberg primitive, for the view of a table that has no snapshot yet. */
function duckdbType(type: unknown): string {
  if (typeof type !== 'string') return 'VARCHAR';
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return `DECIMAL(${decimal[1]}, ${decimal[2]})`;
  const known: Record<string, string> = {
    boolean: 'BOOLEAN',
    int: 'INTEGER',
    long: 'BIGINT',
    float: 'FLOAT',
    double: 'DOUBLE',
    date: 'DATE',
    time: 'TIME',
    timestamp: 'TIMESTAMP',
    timestamptz: 'TIMESTAMPTZ',
    string: 'VARCHAR',
    uuid: 'UUID',
    binary: 'BLOB',
  };
  return known[type] ?? 'VARCHAR';
}

/** No snapshot at that time: the table did not exist yet, so it was empty (with today's columns). */
function emptyViewSql(view: string, table: LoadedTable): string {
  const schema = table.metadata.schemas.find((s) => s['schema-id'] === table.metadata['current-schema-id']);
  const columns = (schema?.fields ?? []).map((f) => `NULL::${duckdbType(f.type)} AS ${quoteId(f.name)}`);
  return `CREATE OR REPLACE VIEW ${view} AS SELECT ${columns.join(', ') || '1 AS none'} LIMIT 0`;
}
