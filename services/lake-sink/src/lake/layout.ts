import {
  FIRST_PARTITION_FIELD_ID,
  type IcebergSchema,
  type PartitionField,
  type PartitionSpec,
} from '@lakestream/iceberg';
import { isTable, primaryKey, tenantColumn } from '@lakestream/schemas';
import type { ColumnRequest } from './columns';

// The two lake tables per entity: `<entity>_changes`, every row version in arrival order, and
// `<entity>`, the current state by primary key. Both start with the sink's own columns (prefixed
// with `_`), then the source row's columns in source order.

export type TableKind = 'changes' | 'current';

export const CHANGES_COLUMNS: readonly ColumnRequest[] = [
  { name: '_op', type: 'string', required: true, doc: 'c insert, u update, d delete, r snapshot read' },
  { name: '_key', type: 'string', required: true, doc: 'The primary key in canonical text form' },
  {
    name: '_source_ordinal',
    type: 'string',
    required: true,
    doc: 'Position in the source commit order; sorts as text',
  },
  {
    name: '_source_committed_at',
    type: 'timestamptz',
    required: true,
    doc: 'When the source transaction committed',
  },
  { name: '_lake_committed_at', type: 'timestamptz', required: true, doc: 'When the sink wrote the row' },
  { name: '_kafka_partition', type: 'int', required: true, doc: 'Input topic partition' },
  {
    name: '_kafka_offset',
    type: 'long',
    required: true,
    doc: 'Input topic offset; with the partition, unique per change',
  },
  { name: '_schema_version', type: 'int', required: true, doc: 'Source row schema version' },
];

export const CURRENT_COLUMNS: readonly ColumnRequest[] = [
  { name: '_key', type: 'string', required: true, doc: 'The primary key in canonical text form' },
  {
    name: '_source_ordinal',
    type: 'string',
    required: true,
    doc: 'Position in the source commit order of the last change',
  },
  {
    name: '_source_committed_at',
    type: 'timestamptz',
    required: true,
    doc: 'When the last change committed at the source',
  },
  { name: '_lake_committed_at', type: 'timestamptz', required: true, doc: 'When the sink wrote the row' },
];

/** Entities large enough that their current state is also spread over key buckets. */
const BUCKETED: ReadonlySet<string> = new Set([
  'customers',
  'orders',
  'order_items',
  'payments',
  'invoices',
  'inventory',
]);
export const KEY_BUCKETS = 4;

export interface LakeTableName {
  namespace: string;
  /** The Iceberg table: `<entity>_changes` or `<entity>`. */
  name: string;
  kind: TableKind;
}

/**
 * The partition spec of a new table (spec "Partitioning"): tenant first, so each tenant's files sit
 * under their own prefix; then day of source commit (history) or a key bucket (large current state).
 */
export function partitionSpecFor(table: LakeTableName, source: string, schema: IcebergSchema): PartitionSpec {
  const idOf = (name: string) => {
    const field = schema.fields.find((f) => f.name === name);
    if (!field) throw new Error(`${table.name}: no column ${name} to partition by`);
    return field.id;
  };
  const fields: Omit<PartitionField, 'field-id'>[] = [];
  const known = isTable(source) ? source : undefined;
  const tenant = known ? tenantColumn(known) : null;
  if (tenant) fields.push({ name: tenant, 'source-id': idOf(tenant), transform: 'identity' });
  if (table.kind === 'changes') {
    fields.push({
      name: '_source_committed_at_day',
      'source-id': idOf('_source_committed_at'),
      transform: 'day',
    });
  } else if (known && BUCKETED.has(known)) {
    const keyColumn = primaryKey(known).find((c) => c !== tenant);
    if (keyColumn) {
      fields.push({
        name: `${keyColumn}_bucket`,
        'source-id': idOf(keyColumn),
        transform: `bucket[${KEY_BUCKETS}]`,
      });
    }
  }
  return { 'spec-id': 0, fields: fields.map((f, i) => ({ ...f, 'field-id': FIRST_PARTITION_FIELD_ID + i })) };
}

export const lakeColumnsOf = (kind: TableKind) => (kind === 'changes' ? CHANGES_COLUMNS : CURRENT_COLUMNS);
