import type { Violation, ViolationCode } from './codes';

/** A canonical row image (README, "Row values"), read by column name; other columns are ignored. */
export type RowImage = Readonly<Record<string, unknown>>;

export type RuleKind = 'required' | 'integer' | 'decimal' | 'enum' | 'format' | 'json' | 'at_most' | 'sum';

export interface Rule {
  /** `<table>.<name>`, stable: metrics count violations by it. */
  readonly id: string;
  readonly kind: RuleKind;
  /** What a violation of the rule carries; a value of the wrong type is reported as QUALITY_TYPE. */
  readonly code: ViolationCode;
  readonly columns: readonly string[];
  /** Enum rules: the allowed values, in the source's ENUM order. */
  readonly values?: readonly string[];
  /** At most one violation per rule and row. Pure. */
  check(row: RowImage): Violation | undefined;
}

/** A rule before it knows its table; `tableRules` binds it, so the catalog reads as a spec. */
export type RuleSpec = (table: string) => Rule;

export function tableRules(
  table: string,
  ...specs: readonly (RuleSpec | readonly RuleSpec[])[]
): readonly Rule[] {
  const rules = specs.flat().map((spec) => spec(table));
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new Error(`quality rule ${rule.id} is declared twice`);
    ids.add(rule.id);
  }
  return rules;
}

/** Absent and null both mean "no value": rules other than `required` leave those to `required`. */
export function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null;
}
