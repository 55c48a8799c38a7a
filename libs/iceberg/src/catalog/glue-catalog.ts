import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsException,
  type Column,
  ConcurrentModificationException,
  CreateDatabaseCommand,
  CreateTableCommand,
  EntityNotFoundException,
  GetDatabasesCommand,
  GetTableCommand,
  GetTablesCommand,
  type GlueClient,
  type Table,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { joinLocation, type WarehouseStorage } from '@lakestream/storage';
import { IcebergError } from '../errors';
import { currentSchema, newTableMetadata, type TableMetadata } from '../metadata';
import { parseTableMetadata, serializeTableMetadata } from '../metadata-json';
import type { IcebergSchema } from '../types';
import {
  type Catalog,
  type CreateTableRequest,
  identifierText,
  type LoadedTable,
  type TableIdentifier,
  type TableRequirement,
  type TableUpdate,
} from './catalog';
import { checkRequirements } from './requirements';
import { applyUpdates, withMetadataLog } from './updates';

// The AWS Glue Data Catalog as an Iceberg catalog, by the convention the reference implementation's
// GlueCatalog / GlueTableOperations follow and Athena reads: a namespace is a Glue database, a table is
// an EXTERNAL_TABLE whose parameters hold `table_type` = ICEBERG, `metadata_location` (the current
// metadata file) and `previous_metadata_location`. Metadata files are `<table>/metadata/<NNNNN>-<uuid>
// .metadata.json`. A commit writes the new metadata file, then swaps the parameters with UpdateTable
// conditional on the Glue table version it read (VersionId): Glue refuses it with a
// ConcurrentModificationException when another writer updated the table in between, which is
// ICEBERG_COMMIT_CONFLICT here, so commitWithRetries rebuilds on the winner's metadata.

export const GLUE_TABLE_TYPE = 'ICEBERG';

export interface GlueCatalogOptions {
  /** Where new tables go: `<warehouse>/<namespace>/<name>` unless a create names a location. */
  storage: WarehouseStorage;
  glue: GlueClient;
  /** The AWS account's catalog; the caller's own unless given. */
  catalogId?: string;
  now?: () => number;
}

const hiveType = (type: unknown): string => {
  if (typeof type !== 'string') return 'string';
  const known: Record<string, string> = {
    boolean: 'boolean',
    int: 'int',
    long: 'bigint',
    float: 'float',
    double: 'double',
    date: 'date',
    timestamp: 'timestamp',
    timestamptz: 'timestamp',
    string: 'string',
    binary: 'binary',
    uuid: 'string',
  };
  return known[type] ?? (type.startsWith('decimal') ? type.replace(/\s+/g, '') : 'string');
};

/** The table's columns as Glue shows them (Athena's DDL view), with their Iceberg field ids. */
function glueColumns(schema: IcebergSchema): Column[] {
  return schema.fields.map((f) => ({
    Name: f.name,
    Type: hiveType(f.type),
    ...(f.doc ? { Comment: f.doc } : {}),
    Parameters: {
      'iceberg.field.id': String(f.id),
      'iceberg.field.optional': String(!f.required),
      'iceberg.field.current': 'true',
    },
  }));
}

const versionOf = (location: string) => {
  const match = /\/(\d+)-[^/]*\.metadata\.json$/.exec(location);
  return match ? Number(match[1]) : -1;
};

export function glueCatalog(options: GlueCatalogOptions): Catalog {
  const { storage, glue } = options;
  const now = options.now ?? Date.now;
  const catalogId = options.catalogId ? { CatalogId: options.catalogId } : {};
  const database = (identifier: TableIdentifier) => {
    if (identifier.namespace.length !== 1)
      throw new IcebergError(
        'ICEBERG_BAD_UPDATE',
        `${identifierText(identifier)}: Glue namespaces are one level`,
      );
    return identifier.namespace[0] as string;
  };
  const newMetadataLocation = (table: string, version: number) =>
    joinLocation(table, 'metadata', `${String(version).padStart(5, '0')}-${randomUUID()}.metadata.json`);

  async function getTable(identifier: TableIdentifier): Promise<Table | undefined> {
    try {
      const reply = await glue.send(
        new GetTableCommand({ ...catalogId, DatabaseName: database(identifier), Name: identifier.name }),
      );
      return reply.Table;
    } catch (error) {
      if (error instanceof EntityNotFoundException) return undefined;
      throw error;
    }
  }

  async function readMetadata(identifier: TableIdentifier, table: Table): Promise<LoadedTable> {
    const location = table.Parameters?.metadata_location;
    if (table.Parameters?.table_type?.toUpperCase() !== GLUE_TABLE_TYPE || !location)
      throw new IcebergError(
        'ICEBERG_BAD_METADATA',
        `${identifierText(identifier)} is not an Iceberg table in Glue`,
      );
    const bytes = await storage.read(location);
    if (!bytes)
      throw new IcebergError(
        'ICEBERG_NOT_FOUND',
        `${location}, named by Glue for ${identifierText(identifier)}, cannot be read`,
      );
    const metadata = parseTableMetadata(bytes, location);
    return { identifier, location: metadata.location, metadataLocation: location, metadata };
  }

  function tableInput(
    identifier: TableIdentifier,
    metadata: TableMetadata,
    location: string,
    previous?: string,
  ) {
    return {
      Name: identifier.name,
      TableType: 'EXTERNAL_TABLE',
      Parameters: {
        table_type: GLUE_TABLE_TYPE,
        metadata_location: location,
        ...(previous ? { previous_metadata_location: previous } : {}),
      },
      StorageDescriptor: { Location: metadata.location, Columns: glueColumns(currentSchema(metadata)) },
    };
  }

  return {
    async listTables(): Promise<TableIdentifier[]> {
      const found: TableIdentifier[] = [];
      let dbToken: string | undefined;
      do {
        const dbs = await glue.send(new GetDatabasesCommand({ ...catalogId, NextToken: dbToken }));
        for (const db of dbs.DatabaseList ?? []) {
          let token: string | undefined;
          do {
            const page = await glue.send(
              new GetTablesCommand({ ...catalogId, DatabaseName: db.Name, NextToken: token }),
            );
            for (const t of page.TableList ?? [])
              if (t.Name && t.Parameters?.table_type?.toUpperCase() === GLUE_TABLE_TYPE)
                found.push({ namespace: [db.Name as string], name: t.Name });
            token = page.NextToken;
          } while (token);
        }
        dbToken = dbs.NextToken;
      } while (dbToken);
      return found.sort((a, b) => identifierText(a).localeCompare(identifierText(b)));
    },

    async loadTable(identifier) {
      const table = await getTable(identifier);
      return table ? readMetadata(identifier, table) : undefined;
    },

    async createTable(identifier: TableIdentifier, request: CreateTableRequest): Promise<LoadedTable> {
      const location =
        request.location ?? joinLocation(storage.root, ...identifier.namespace, identifier.name);
      const metadata = newTableMetadata({
        uuid: randomUUID(),
        location,
        schema: request.schema,
        spec: request.spec ?? { 'spec-id': 0, fields: [] },
        properties: request.properties ?? {},
        now: now(),
      });
      const metadataLocation = newMetadataLocation(location, 0);
      await storage.write(metadataLocation, serializeTableMetadata(metadata));
      try {
        await glue.send(
          new CreateDatabaseCommand({ ...catalogId, DatabaseInput: { Name: database(identifier) } }),
        );
      } catch (error) {
        if (!(error instanceof AlreadyExistsException)) throw error;
      }
      try {
        await glue.send(
          new CreateTableCommand({
            ...catalogId,
            DatabaseName: database(identifier),
            TableInput: tableInput(identifier, metadata, metadataLocation),
          }),
        );
      } catch (error) {
        if (error instanceof AlreadyExistsException)
          throw new IcebergError('ICEBERG_TABLE_EXISTS', `${identifierText(identifier)} already exists`, {
            cause: error,
          });
        throw error;
      }
      return { identifier, location, metadataLocation, metadata };
    },

    async commitTable(
      identifier: TableIdentifier,
      requirements: readonly TableRequirement[],
      updates: readonly TableUpdate[],
    ): Promise<LoadedTable> {
      const name = identifierText(identifier);
      const table = await getTable(identifier);
      if (!table) throw new IcebergError('ICEBERG_NOT_FOUND', `${name} does not exist`);
      const base = await readMetadata(identifier, table);
      checkRequirements(name, base.metadata, requirements);
      const metadata = withMetadataLog(
        applyUpdates(base.metadata, updates, now()),
        base.metadata,
        base.metadataLocation,
      );
      const location = newMetadataLocation(base.location, versionOf(base.metadataLocation) + 1);
      await storage.write(location, serializeTableMetadata(metadata));
      try {
        await glue.send(
          new UpdateTableCommand({
            ...catalogId,
            DatabaseName: database(identifier),
            TableInput: tableInput(identifier, metadata, location, base.metadataLocation),
            // Optimistic: Glue applies it only if the table is still at the version read above.
            VersionId: table.VersionId,
            SkipArchive: true,
          }),
        );
      } catch (error) {
        if (error instanceof ConcurrentModificationException)
          throw new IcebergError(
            'ICEBERG_COMMIT_CONFLICT',
            `${name}: another writer updated the Glue table first`,
            { cause: error },
          );
        throw error;
      }
      return { identifier, location: base.location, metadataLocation: location, metadata };
    },
  };
}
