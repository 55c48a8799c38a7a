import { type PrimitiveType, shownValue, type ValueRule, valueRule } from '@lakestream/iceberg';
import { imageOf, imageValues, LAKE_VALUES, type LakeValue } from './batch-columns';
import type { ColumnShape } from './columns';
import { CHANGES_COLUMNS, CURRENT_COLUMNS } from './layout';
import type { IncomingChange } from './table-writer';

// Every value a change would put in a data file, checked as the change arrives against the rules the
// Parquet encoder applies when it writes (@lakestream/iceberg, parquet/value-rules.ts). A value the encoder refuses would
// fail the commit of every batch it is in; refused here, its record alone is dead-lettered.

interface SinkColumnCheck {
  name: string;
  type: PrimitiveType;
  required: boolean;
  read: LakeValue;
  rule: ValueRule | undefined;
}

/**
 * Columns whose values are the sink's, not the record's: its clock at commit, and the Kafka position
 * (an int partition and a bigint offset, always in range). Nothing a record holds can break them.
 */
const NOT_FROM_THE_RECORD: ReadonlySet<string> = new Set([
  '_lake_committed_at',
  '_kafka_partition',
  '_kafka_offset',
]);

/** The sink's own columns that come from the record (both tables' definitions agree where they share a name). */
function sinkColumnChecks(): SinkColumnCheck[] {
  const checks = new Map<string, SinkColumnCheck>();
  for (const [kind, columns] of [
    ['changes', CHANGES_COLUMNS],
    ['current', CURRENT_COLUMNS],
  ] as const) {
    for (const column of columns) {
      const read = LAKE_VALUES[kind][column.name];
      if (!read || NOT_FROM_THE_RECORD.has(column.name) || checks.has(column.name)) continue;
      checks.set(column.name, { ...column, read, rule: valueRule(column.type) });
    }
  }
  return [...checks.values()];
}

const refused = (name: string, type: PrimitiveType, expected: string, value: unknown) =>
  `${name} (${type}): expected ${expected}, got ${shownValue(value)}`;

/**
 * Returns why a change cannot be written (column, type, what the encoder expects, the value), or
 * undefined when every value fits. The row image is converted here, once: the conversion is kept on
 * the change and the commit reuses it (lake/batch-columns.ts). Rules are resolved once per writer
 * schema's columns, so a value costs one call and no allocation when it passes.
 */
export function valueChecks(): (change: IncomingChange) => string | undefined {
  const sinkColumns = sinkColumnChecks();
  const rowRules = new WeakMap<readonly ColumnShape[], (ValueRule | undefined)[]>();
  const noTime = 0n;

  return (change) => {
    for (const column of sinkColumns) {
      const value = column.read(change, noTime);
      if (value === null || value === undefined) {
        if (column.required) return `${column.name} (${column.type}): required, but the record has no value`;
        continue;
      }
      const expected = column.rule?.(value);
      if (expected) return refused(column.name, column.type, expected, value);
    }

    let rules = rowRules.get(change.columns);
    if (!rules) {
      // A column type without a rule is one the table refuses as a whole (TableWriter.refusal).
      rules = change.columns.map((c) => valueRule(c.type));
      rowRules.set(change.columns, rules);
    }
    let values: unknown[] | null;
    try {
      // The image the history keeps; the current state keeps the same image or none (a delete).
      values = imageValues(change, imageOf('changes', change));
    } catch (error) {
      return `the row image cannot be converted to lake values: ${(error as Error).message}`;
    }
    if (!values) return undefined;
    for (let i = 0; i < values.length; i += 1) {
      const value = values[i];
      if (value === null) continue; // every source column is optional in the lake (lake/columns.ts)
      const expected = rules[i]?.(value);
      if (expected) {
        const column = change.columns[i] as ColumnShape;
        return refused(column.name, column.type, expected, value);
      }
    }
    return undefined;
  };
}
