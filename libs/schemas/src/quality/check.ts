import { type QualityTable, qualityCatalog } from './catalog';
import { UnknownTableError, type Violation } from './codes';
import type { RowImage, Rule } from './rule';

export function isQualityTable(table: string): table is QualityTable {
  return Object.hasOwn(qualityCatalog, table);
}

/** The rules of one table, in declaration order; throws UnknownTableError for a table without rules. */
export function rulesFor(table: string): readonly Rule[] {
  if (!isQualityTable(table)) throw new UnknownTableError(table);
  return qualityCatalog[table];
}

/**
 * Every rule the row image breaks, in declaration order; empty when the row may flow. Pure. Columns
 * no rule names are ignored, so a column added at the source does not break validation. Apply it to
 * the image being emitted (`after`); a delete's `before` image must not be dead-lettered, or the
 * deleted row would live on downstream.
 *
 * `row` is `object` rather than a record type so that generated row interfaces and avsc records
 * are accepted as they are.
 */
export function checkRow(table: string, row: object): Violation[] {
  const image = row as RowImage;
  const violations: Violation[] = [];
  for (const rule of rulesFor(table)) {
    const violation = rule.check(image);
    if (violation) violations.push(violation);
  }
  return violations;
}
