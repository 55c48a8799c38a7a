import { type Catalog, currentSchema, currentSnapshot, identifierText } from '@lakestream/iceberg';
import { LakeError } from './errors';
import { type LakeS3Access, lakeDuckdb, type QueryResult, viewSql } from './sql/session';

// Point-in-time features (DESIGN "Who uses it": "a month ago vs today"): each key's latest version
// at or before a time, from the entity's history table `<entity>_changes` (decision 0005: every
// change with `_op`, `_key`, `_source_ordinal`, `_source_committed_at`, the row image). The history
// is read at its current snapshot, which holds every change ever made, so the answer does not
// depend on which snapshots an expiry kept: it is what the source held at that time, to the
// microsecond, even for a time older than every retained snapshot.
//
// At or before T: changes whose source transaction committed at or before T. Of those, per key, the
// one with the highest source ordinal (source commit order); a key whose last change is a delete is
// absent. A source TRUNCATE is a marker row (`_op` t) on one Kafka partition, and ends every key of
// that partition whose last change is older (decision 0005, Truncate: by ordinal).

export interface FeaturesOptions {
  catalog: Catalog;
  cache: string;
  s3?: LakeS3Access;
  namespace: string;
  entity: string;
  /** Epoch ms. */
  asOfMs: number;
  tenant?: string;
  /** The column that holds the tenant (`tenant_id` in GlobalMart). */
  tenantColumn?: string;
  progress?: (line: string) => void;
}

/** The history columns that describe a change rather than the entity. */
const CHANGE_COLUMNS = ['_op', '_lake_committed_at', '_kafka_partition', '_kafka_offset', '_schema_version'];

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The SQL, over a view named `history`: exposed for tests and for `lakestream sql` users to copy. */
export function featuresSql(
  columns: readonly string[],
  asOfMicros: bigint,
  tenant?: { column: string; value: string },
) {
  const out = columns.filter((c) => !CHANGE_COLUMNS.includes(c)).map((c) => `latest.${quoteId(c)}`);
  const tenantFilter = tenant ? ` AND ${quoteId(tenant.column)} = '${tenant.value.replace(/'/g, "''")}'` : '';
  return `WITH upto AS (
  SELECT * FROM history WHERE epoch_us(_source_committed_at) <= ${asOfMicros}
), latest AS (
  SELECT * FROM upto WHERE _op <> 't'${tenantFilter}
  QUALIFY row_number() OVER (PARTITION BY _key ORDER BY _source_ordinal DESC) = 1
), truncates AS (
  SELECT _kafka_partition, max(_source_ordinal) AS ordinal FROM upto WHERE _op = 't' GROUP BY _kafka_partition
)
SELECT ${out.join(', ')}
FROM latest LEFT JOIN truncates USING (_kafka_partition)
WHERE latest._op <> 'd' AND (truncates.ordinal IS NULL OR latest._source_ordinal > truncates.ordinal)
ORDER BY latest._key`;
}

/** Every key of the entity as it was at `asOfMs`: one row per live key, the entity's columns. */
export async function featuresAsOf(options: FeaturesOptions): Promise<QueryResult> {
  const identifier = { namespace: [options.namespace], name: `${options.entity}_changes` };
  const table = await options.catalog.loadTable(identifier);
  if (!table) throw new LakeError('LAKE_NOT_FOUND', `no history table ${identifierText(identifier)}`);
  const columns = currentSchema(table.metadata).fields.map((f) => f.name);
  const tenantColumn = options.tenantColumn ?? 'tenant_id';
  if (options.tenant !== undefined && !columns.includes(tenantColumn))
    throw new LakeError(
      'LAKE_BAD_OPTION',
      `${identifierText(identifier)} has no ${tenantColumn} column to pick a tenant by`,
    );
  const snapshot = currentSnapshot(table.metadata);
  const { instance, connection } = await lakeDuckdb(options.cache, options.s3, options.progress);
  try {
    if (!snapshot)
      return {
        columns: columns.filter((c) => !CHANGE_COLUMNS.includes(c)).map((name) => ({ name, type: '' })),
        rows: [],
      };
    await connection.run(viewSql('history', table, snapshot['snapshot-id']));
    const reader = await connection.runAndReadAll(
      featuresSql(
        columns,
        BigInt(Math.floor(options.asOfMs)) * 1000n + 999n,
        options.tenant === undefined ? undefined : { column: tenantColumn, value: options.tenant },
      ),
    );
    const types = reader.columnTypes();
    return {
      columns: reader.columnNames().map((name, i) => ({ name, type: String(types[i]) })),
      rows: reader.getRows(),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
