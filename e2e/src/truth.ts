import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { loadEnrichConfig, piiKeys } from '@lakestream/enricher/dist/config';
import { type PiiKey, pseudonymise } from '@lakestream/enricher/dist/join/pii';
import { readFileTable } from '@lakestream/iceberg';
import { readToEnd } from '@lakestream/kafka';
import { canonicalRow, type TextRow } from '@lakestream/lake-sink/dist/testing/canonical';
import {
  type AvroJson,
  loadRowSchema,
  microsFromIso,
  PII_COLUMNS,
  primaryKey,
  recordDecoder,
  TABLES,
  type Table,
} from '@lakestream/schemas';
import { localS3Client, registryUrls, sourceConnectionOptions, uniqueName } from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';
import { lakeS3, readLakeTables } from '@lakestream/testkit';
import { createConnection } from 'mysql2/promise';
import type { PipelineWorld } from './world';

/** What a comparison found wrong with one table: counts, and a few examples of each. */
export interface TableDiff {
  table: string;
  expected: number;
  actual: number;
  missing: string[];
  extra: string[];
  different: string[];
}

const sample = (items: string[]) => items.slice(0, 3);
export const keyOf = (table: Table, row: Record<string, unknown>) =>
  primaryKey(table)
    .map((c) => String(row[c]))
    .join('|');

export function diff(table: string, expected: Map<string, string>, actual: Map<string, string>): TableDiff {
  const missing = [...expected.keys()].filter((k) => !actual.has(k));
  const extra = [...actual.keys()].filter((k) => !expected.has(k));
  const different = [...expected].flatMap(([k, v]) => {
    const a = actual.get(k);
    return a !== undefined && a !== v ? [`${k}: expected ${v} got ${a}`] : [];
  });
  return {
    table,
    expected: expected.size,
    actual: actual.size,
    missing: sample(missing),
    extra: sample(extra),
    different: sample(different),
  };
}

export const isClean = (d: TableDiff) =>
  d.missing.length + d.extra.length + d.different.length === 0 && d.expected === d.actual;

/** The type of a row schema field without its null branch. */
function fieldType(type: AvroJson): AvroJson {
  return Array.isArray(type) ? (type.find((t) => t !== 'null') as AvroJson) : type;
}

/** A MariaDB row (read as text, in UTC) as cdc-ingest carries it in a ChangeEvent. */
function eventRow(table: Table, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const field of loadRowSchema(table).fields) {
    const value = row[field.name];
    if (value === null || value === undefined) continue;
    const type = fieldType(field.type);
    const logical = typeof type === 'object' ? (type as { logicalType?: string }).logicalType : undefined;
    if (logical?.includes('timestamp')) out[field.name] = microsFromIso(String(value));
    else if (logical === 'date') out[field.name] = Date.parse(`${value}T00:00:00Z`) / 86_400_000;
    else if (type === 'boolean') out[field.name] = Number(value) !== 0;
  }
  return out;
}

/**
 * The row as the lake and the enriched topics hold it: its PII columns as the tokens of the key the
 * world's enricher is configured with (read as the enricher reads it), raw when no enricher runs.
 */
function lakeForm(
  key: PiiKey | undefined,
  table: Table,
  row: Record<string, unknown>,
): Record<string, unknown> {
  const tenant = row.tenant_id;
  if (!key || PII_COLUMNS[table].length === 0 || typeof tenant !== 'string') return row;
  return pseudonymise(row, PII_COLUMNS[table], key, tenant);
}

/** The one key the world's enricher tokenises with; undefined when the world runs no enricher. */
function pipelinePiiKey(world: PipelineWorld): PiiKey | undefined {
  const enricher = world.pipeline.instances.find((i) => i.service === 'enricher');
  if (!enricher) return undefined;
  const { keys } = piiKeys(loadEnrichConfig(enricher.env));
  if (keys.length !== 1)
    throw new Error(`the truth expects one PII key era, the enricher has ${keys.length}`);
  return keys[0];
}

/**
 * Every row of every GlobalMart table as canonical text, keyed by primary key, in the lake's form
 * (PII as tokens; the lake never holds the raw values).
 */
export async function sourceRows(world: PipelineWorld): Promise<Map<Table, Map<string, TextRow>>> {
  const key = pipelinePiiKey(world);
  const db = await createConnection({
    ...sourceConnectionOptions(world.stack),
    database: world.database,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    // JSON columns as the text MariaDB stores, which is what Debezium carries (not parsed objects).
    jsonStrings: true,
    timezone: 'Z',
  });
  await db.query("SET time_zone = '+00:00'");
  const all = new Map<Table, Map<string, TextRow>>();
  try {
    for (const table of TABLES) {
      const [rows] = (await db.query(`SELECT * FROM ${table}`)) as unknown as [Record<string, unknown>[]];
      all.set(
        table,
        new Map(
          rows.map((row) => [
            keyOf(table, row),
            canonicalRow(table, lakeForm(key, table, eventRow(table, row))),
          ]),
        ),
      );
    }
  } finally {
    await db.end();
  }
  return all;
}

export const rowText = (row: TextRow, columns: readonly string[]) =>
  JSON.stringify(columns.map((c) => row[c] ?? null));

async function readTables(world: PipelineWorld, tables: readonly string[], columns?: readonly string[]) {
  const storage = s3Storage(localS3Client(world.stack), world.warehouse);
  const reads = await Promise.all(
    tables.map(async (table) => {
      const loaded = await readFileTable(storage, `${world.warehouse}/globalmart/${table}`);
      if (!loaded) throw new Error(`the lake has no table ${table}`);
      return { metadataLocation: loaded.metadataLocation, ...(columns ? { columns } : {}) };
    }),
  );
  // Twelve tables in one pyiceberg process, on two cores shared with the whole pipeline: minutes.
  return readLakeTables('pyiceberg', { s3: lakeS3(world.stack), reads }, { timeoutMs: 360_000 });
}

/** The lake's current-state tables against MariaDB, row for row, every source column. */
export async function compareLake(
  world: PipelineWorld,
  source: Map<Table, Map<string, TextRow>>,
): Promise<TableDiff[]> {
  const results = await readTables(world, TABLES);
  return TABLES.map((table, i) => {
    const columns = loadRowSchema(table).fields.map((f) => f.name);
    const expected = new Map([...(source.get(table) ?? [])].map(([k, row]) => [k, rowText(row, columns)]));
    const actual = new Map((results[i]?.rows ?? []).map((row) => [keyOf(table, row), rowText(row, columns)]));
    return diff(table, expected, actual);
  });
}

/** DynamoDB's live items against MariaDB: products, warehouses and stock, the fields fulfilment reads. */
export async function compareDynamo(
  world: PipelineWorld,
  source: Map<Table, Map<string, TextRow>>,
): Promise<TableDiff[]> {
  const items: Record<string, { S?: string; N?: string; BOOL?: boolean }>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await world.dynamo.send(
      new ScanCommand({ TableName: world.dynamoTable, ExclusiveStartKey: start }),
    );
    items.push(...((page.Items ?? []) as typeof items));
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  const live = items.filter((i) => i.deleted?.BOOL !== true && i.kind?.S !== 'truncate');
  const text = (v: { S?: string; N?: string; BOOL?: boolean } | undefined) =>
    v?.S ?? v?.N ?? (v?.BOOL === undefined ? null : String(v.BOOL));
  const kinds: { table: Table; kind: string; key: (row: TextRow) => string; fields: [string, string][] }[] = [
    {
      table: 'products',
      kind: 'product',
      key: (r) => `${r.tenant_id}|${r.sku}`,
      fields: [
        ['name', 'name'],
        ['list_price_usd', 'listPriceUsd'],
        ['active', 'active'],
        ['category', 'category'],
      ],
    },
    {
      table: 'warehouses',
      kind: 'warehouse',
      key: (r) => `${r.tenant_id}|${r.warehouse_id}`,
      fields: [
        ['name', 'name'],
        ['city', 'city'],
        ['market_id', 'marketId'],
      ],
    },
    {
      table: 'inventory',
      kind: 'stock',
      key: (r) => `${r.tenant_id}|${r.sku}|${r.warehouse_id}`,
      fields: [
        ['on_hand', 'onHand'],
        ['reserved', 'reserved'],
        ['reorder_point', 'reorderPoint'],
      ],
    },
  ];
  return kinds.map(({ table, kind, key, fields }) => {
    const expected = new Map(
      [...(source.get(table)?.values() ?? [])].map((row) => [
        key(row),
        JSON.stringify(fields.map(([c]) => row[c] ?? null)),
      ]),
    );
    const actual = new Map(
      live
        .filter((i) => i.kind?.S === kind)
        .map((i) => {
          const row: TextRow = {
            tenant_id: text(i.tenantId),
            sku: text(i.sku),
            warehouse_id: text(i.warehouseId),
          };
          return [key(row), JSON.stringify(fields.map(([, f]) => text(i[f])))];
        }),
    );
    return diff(`dynamodb ${table}`, expected, actual);
  });
}

/** Every record of a topic as a read_committed consumer sees it, up to the partition ends now. */
export async function readTopic(world: PipelineWorld, topic: string) {
  const records: {
    partition: number;
    offset: bigint;
    key: string;
    value: Buffer | null;
    headers: Record<string, Buffer | undefined>;
  }[] = [];
  await readToEnd(
    world.kafka,
    world.admin,
    topic,
    (partition, message) => {
      records.push({
        partition,
        offset: BigInt(message.offset),
        key: message.key?.toString() ?? '',
        value: message.value,
        headers: Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
        ) as Record<string, Buffer | undefined>,
      });
    },
    { groupId: uniqueName('e2e-read'), timeoutMs: 120_000 },
  );
  return records;
}

/**
 * The history tables against what cdc-ingest emitted: each ChangeEvent of the changes topics once
 * (by key and source ordinal), none twice; and every raw record accounted for (a ChangeEvent, a
 * tombstone or a dead letter).
 */
export async function historyOnce(
  world: PipelineWorld,
  changes: ChangeEmissions = changeEmissions(world),
): Promise<TableDiff[]> {
  // A change's identity and op are all this compares: the other columns stay unread.
  const results = await readTables(
    world,
    TABLES.map((t) => `${t}_changes`),
    ['_key', '_source_ordinal', '_op'],
  );
  const diffs: TableDiff[] = [];
  for (const [i, table] of TABLES.entries()) {
    const emitted = await changes(table);
    const written = new Map<string, string>();
    for (const row of results[i]?.rows ?? []) {
      const id = `${row._key}@${row._source_ordinal}`;
      written.set(id, `${(written.has(id) ? 'twice ' : '') + row._op}`);
    }
    diffs.push(diff(`${table}_changes`, emitted, written));
  }
  return diffs;
}

/** The emissions of a table's changes topic, read once however often they are compared. */
export type ChangeEmissions = (table: Table) => Promise<Map<string, string>>;

export function changeEmissions(world: PipelineWorld): ChangeEmissions {
  const read = new Map<Table, Promise<Map<string, string>>>();
  return (table) => {
    let found = read.get(table);
    if (!found) {
      found = emissions(world, world.changesTopic(table), false);
      read.set(table, found);
    }
    return found;
  };
}

/** One change's identity and emission on a topic: `<key>@<source ordinal>`, and `#<revision>` if enriched. */
async function emissions(
  world: PipelineWorld,
  topic: string,
  withRevision: boolean,
): Promise<Map<string, string>> {
  const decoder = recordDecoder({ registryUrl: registryUrls(world.stack).confluent });
  const found = new Map<string, string>();
  for (const record of await readTopic(world, topic)) {
    if (!record.value) continue;
    const decoded = decoder.decode(record.value);
    const event = (decoded instanceof Promise ? await decoded : decoded).value as {
      key: string;
      op: string;
      sourcePosition: { ordinal: string };
      enrichment?: { revision: number };
    };
    const revision = withRevision ? `#${event.enrichment?.revision ?? 'none'}` : '';
    const id = `${event.key}@${event.sourcePosition.ordinal}${revision}`;
    found.set(id, `${(found.has(id) ? 'twice ' : '') + event.op}`);
  }
  return found;
}

/**
 * The enricher's output against its input: each ChangeEvent of the changes topics enriched once as
 * its first emission (revision 0), and no emission of a change twice. Re-emissions (revision 1 and
 * on, for late references) are counted, not compared: whether a reference arrived late depends on
 * timing.
 */
export async function enrichedOnce(
  world: PipelineWorld,
  changes: ChangeEmissions = changeEmissions(world),
): Promise<{ diffs: TableDiff[]; reemitted: number }> {
  const diffs: TableDiff[] = [];
  let reemitted = 0;
  for (const table of TABLES) {
    const input = await changes(table);
    const firsts = new Map<string, string>();
    for (const [id, op] of await emissions(world, world.enrichedTopic(table), true)) {
      if (id.endsWith('#0')) firsts.set(id.slice(0, -2), op);
      else if (op.startsWith('twice')) firsts.set(id, op);
      else reemitted += 1;
    }
    diffs.push(diff(`${table} enriched`, input, firsts));
  }
  return { diffs, reemitted };
}
