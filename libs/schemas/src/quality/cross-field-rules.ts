import {
  addDecimals,
  compareDecimals,
  type Decimal,
  formatDecimal,
  integerDecimal,
  multiplyDecimals,
  negateDecimal,
  parseDecimal,
} from './decimal';
import type { RowImage, Rule, RuleSpec } from './rule';
import { show } from './show';

/**
 * Rules over several columns of one row. An operand that is absent, null or no number at all makes
 * the rule stay silent: the operand's own column rule reports that (the schema-sync test checks every
 * operand has one), and one broken value should yield one violation, not two. Reasons use ASCII
 * operators (* and -), since they travel in Kafka headers and get grepped.
 */

/** INT (number), BIGINT (bigint) or DECIMAL (string) as an exact decimal; undefined otherwise. */
function operand(value: unknown): Decimal | undefined {
  if (typeof value === 'string') return parseDecimal(value);
  if (typeof value === 'number' || typeof value === 'bigint') return integerDecimal(value);
  return undefined;
}

/** `column <= limit`, e.g. reserved <= on_hand. Id: `<table>.<column>_within_<limit>`. */
export function atMost(column: string, limit: string): RuleSpec {
  return (table) => {
    const rule: Rule = {
      id: `${table}.${column}_within_${limit}`,
      kind: 'at_most',
      code: 'QUALITY_CROSS_FIELD',
      columns: [column, limit],
      check: (row: RowImage) => {
        const a = operand(row[column]);
        const b = operand(row[limit]);
        if (!a || !b || compareDecimals(a, b) <= 0) return undefined;
        return {
          rule: rule.id,
          code: rule.code,
          columns: rule.columns,
          reason: `${table}.${column} must be <= ${limit}, got ${column} ${show(row[column])} > ${limit} ${show(row[limit])}`,
        };
      },
    };
    return rule;
  };
}

/** A term of a sum: a column, or the product of two columns (quantity × unit_price). */
export type Term = string | readonly [string, string];

const termColumns = (term: Term): readonly string[] => (typeof term === 'string' ? [term] : term);
const termText = (term: Term) => (typeof term === 'string' ? term : `${term[0]} * ${term[1]}`);

/**
 * `total = plus… − minus…`, exactly, e.g. net_amount + tax_amount = total_amount. `name` completes the
 * id `<table>.<name>`, since no column alone names the relation.
 */
export function sumEquals(
  name: string,
  total: string,
  plus: readonly Term[],
  minus: readonly Term[] = [],
): RuleSpec {
  if (plus.length === 0) throw new Error(`sum rule ${name} needs at least one term to add`);
  const columns = [total, ...[...plus, ...minus].flatMap(termColumns)];
  const formula = [plus.map(termText).join(' + '), ...minus.map((term) => termText(term))].join(' - ');
  return (table) => {
    const rule: Rule = {
      id: `${table}.${name}`,
      kind: 'sum',
      code: 'QUALITY_CROSS_FIELD',
      columns,
      check: (row: RowImage) => {
        const value = (term: Term) => {
          const parts = termColumns(term).map((column) => operand(row[column]));
          if (parts.some((part) => !part)) return undefined;
          return (parts as Decimal[]).reduce(multiplyDecimals);
        };
        const actual = operand(row[total]);
        const added = plus.map(value);
        const subtracted = minus.map(value);
        if (!actual || added.some((d) => !d) || subtracted.some((d) => !d)) return undefined;
        const expected = [...(added as Decimal[]), ...(subtracted as Decimal[]).map(negateDecimal)].reduce(
          addDecimals,
        );
        if (compareDecimals(actual, expected) === 0) return undefined;
        const values = [
          plus.map((t) => shownTerm(row, t)).join(' + '),
          ...minus.map((t) => shownTerm(row, t)),
        ].join(' - ');
        return {
          rule: rule.id,
          code: rule.code,
          columns,
          reason: `${table}.${total} must equal ${formula}: ${values} = ${show(formatDecimal(expected))}, got ${show(row[total])}`,
        };
      },
    };
    return rule;
  };
}

function shownTerm(row: RowImage, term: Term): string {
  return termColumns(term)
    .map((column) => show(row[column]))
    .join(' * ');
}
