import {
  type BoundPartitionField,
  type IcebergSchema,
  type LakeColumns,
  type LakeRow,
  type PartitionValue,
  partitionKey,
  partitionOf,
} from '@lakestream/iceberg';
import type { ColumnShape } from './columns';
import { ENRICHMENT_VALUES } from './emission';
import type { TableKind } from './layout';
import type { IncomingChange } from './table-writer';

// A batch of changes as the columns of the data files it becomes, built field by field: no row
// object per change, and each row image converted to lake values once for both tables.

export type LakeValue = (change: IncomingChange, lakeCommittedAtMicros: bigint) => unknown;

/** The sink's own columns (lake/layout.ts), by name. */
export const LAKE_VALUES: Record<TableKind, Record<string, LakeValue>> = {
  changes: {
    _op: (c) => c.event.op,
    _key: (c) => c.event.key,
    _source_ordinal: (c) => c.event.sourcePosition.ordinal,
    _source_committed_at: (c) => c.event.committedAt,
    _lake_committed_at: (_c, at) => at,
    _kafka_partition: (c) => c.partition,
    _kafka_offset: (c) => c.offset,
    _schema_version: (c) => c.event.schemaVersion,
  },
  current: {
    _key: (c) => c.event.key,
    _source_ordinal: (c) => c.event.sourcePosition.ordinal,
    _source_committed_at: (c) => c.event.committedAt,
    _lake_committed_at: (_c, at) => at,
  },
};

/** The row image a table keeps of a change: the before image of a delete in the history. */
export const imageOf = (kind: TableKind, change: IncomingChange): 'before' | 'after' =>
  kind === 'changes' && change.event.op === 'd' ? 'before' : 'after';

/** The image's values in `change.columns` order, converted once and kept on the change. */
export function imageValues(change: IncomingChange, which: 'before' | 'after'): unknown[] | null {
  if (!change.converted) change.converted = {};
  const memo = change.converted;
  let values = memo[which];
  if (values === undefined) {
    const image = change.event[which];
    values = image
      ? change.columns.map((column) => {
          const value = image[column.name];
          return value === null || value === undefined ? null : column.convert(value);
        })
      : null;
    memo[which] = values;
  }
  return values;
}

/** Reads any column of a change by name, for one table kind. */
function columnReader(kind: TableKind, lakeCommittedAt: number) {
  const at = BigInt(lakeCommittedAt) * 1000n;
  const positions = new Map<readonly ColumnShape[], Map<string, number>>();
  const positionOf = (columns: readonly ColumnShape[], name: string) => {
    let byName = positions.get(columns);
    if (!byName) {
      byName = new Map(columns.map((c, i) => [c.name, i]));
      positions.set(columns, byName);
    }
    return byName.get(name);
  };
  return (change: IncomingChange, name: string): unknown => {
    const lake = LAKE_VALUES[kind][name];
    if (lake) return lake(change, at);
    const enrichment = ENRICHMENT_VALUES[name];
    if (enrichment) return enrichment(change);
    const i = positionOf(change.columns, name);
    const values = imageValues(change, imageOf(kind, change));
    return i === undefined || !values ? null : (values[i] ?? null);
  };
}

export interface PartitionGroup {
  partition: PartitionValue[];
  changes: IncomingChange[];
  columns: LakeColumns;
}

/** The changes grouped by partition, each group as the columns of one data file. */
export function partitionColumns(
  kind: TableKind,
  schema: IcebergSchema,
  spec: readonly BoundPartitionField[],
  changes: readonly IncomingChange[],
  lakeCommittedAt: number,
): PartitionGroup[] {
  const read = columnReader(kind, lakeCommittedAt);
  const groups = new Map<string, { partition: PartitionValue[]; changes: IncomingChange[] }>();
  for (const change of changes) {
    const probe: LakeRow = {};
    for (const field of spec) probe[field.sourceName] = read(change, field.sourceName);
    const partition = partitionOf(spec, probe);
    const key = partitionKey(partition);
    const group = groups.get(key) ?? { partition, changes: [] };
    group.changes.push(change);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ partition, changes: members }) => {
    const columns: Record<string, unknown[]> = {};
    for (const field of schema.fields) {
      const values = new Array<unknown>(members.length);
      for (let row = 0; row < members.length; row += 1)
        values[row] = read(members[row] as IncomingChange, field.name);
      columns[field.name] = values;
    }
    return { partition, changes: members, columns: { rowCount: members.length, columns } };
  });
}
