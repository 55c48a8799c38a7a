import type { ViolationCode } from './codes';
import { compareDecimals, type Decimal, decimal, integerDecimal, parseDecimal } from './decimal';
import type { Format } from './formats';
import { hasValue, type RowImage, type Rule, type RuleKind, type RuleSpec } from './rule';
import { show, showWithType } from './show';

/**
 * Single-column rules. Each skips an absent or null value (that is `required`'s business, and a
 * nullable column may be null) and reports a present value of the wrong type as QUALITY_TYPE.
 */

interface ColumnCheck {
  kind: RuleKind;
  code: ViolationCode;
  suffix: string;
  values?: readonly string[];
  /** undefined when the value passes; otherwise the code and the text after "<table>.<column> ". */
  check(value: unknown): { code: ViolationCode; says: string } | undefined;
}

function columnRule(column: string, spec: ColumnCheck): RuleSpec {
  return (table) => {
    const rule: Rule = {
      id: `${table}.${column}_${spec.suffix}`,
      kind: spec.kind,
      code: spec.code,
      columns: [column],
      ...(spec.values && { values: spec.values }),
      check: (row: RowImage) => {
        const value = row[column];
        if (!hasValue(value) && spec.kind !== 'required') return undefined;
        const failed = spec.check(value);
        if (!failed) return undefined;
        return {
          rule: rule.id,
          code: failed.code,
          columns: rule.columns,
          reason: `${table}.${column} ${failed.says}`,
        };
      },
    };
    return rule;
  };
}

const wrongType = (expected: string, value: unknown, pii = false) => ({
  code: 'QUALITY_TYPE' as const,
  says: `must be ${expected}, got ${showWithType(value, pii)}`,
});

/** NOT NULL columns: one rule per column, so a partial row image names exactly what it lost. */
export function required(...columns: readonly string[]): RuleSpec[] {
  return columns.map((column) =>
    columnRule(column, {
      kind: 'required',
      code: 'QUALITY_REQUIRED',
      suffix: 'required',
      check: (value) =>
        hasValue(value) ? undefined : { code: 'QUALITY_REQUIRED', says: `is required, got ${show(value)}` },
    }),
  );
}

export interface Bounds<T> {
  readonly gt?: T;
  readonly gte?: T;
  readonly lt?: T;
  readonly lte?: T;
}

const operators = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
const holds = {
  gt: (c: number) => c > 0,
  gte: (c: number) => c >= 0,
  lt: (c: number) => c < 0,
  lte: (c: number) => c <= 0,
};

function rangeCheck(bounds: Bounds<string | number>) {
  const parsed = (Object.keys(operators) as (keyof typeof operators)[]).flatMap((op) => {
    const literal = bounds[op];
    return literal === undefined ? [] : [{ op, limit: decimal(literal), text: String(literal) }];
  });
  if (parsed.length === 0) throw new Error('a range rule needs at least one bound');
  const expected = parsed.map(({ op, text }) => `${operators[op]} ${text}`).join(' and ');
  return (value: Decimal) =>
    parsed.every(({ op, limit }) => holds[op](compareDecimals(value, limit))) ? undefined : expected;
}

const outsideRange = (expected: string | undefined, value: unknown) =>
  expected === undefined
    ? undefined
    : { code: 'QUALITY_RANGE' as const, says: `must be ${expected}, got ${show(value)}` };

/** INT / BIGINT columns (number or bigint) within bounds. */
export function integer(column: string, bounds: Bounds<number>): RuleSpec {
  const outside = rangeCheck(bounds);
  return columnRule(column, {
    kind: 'integer',
    code: 'QUALITY_RANGE',
    suffix: 'range',
    check: (value) => {
      const n = typeof value === 'number' || typeof value === 'bigint' ? integerDecimal(value) : undefined;
      if (!n) return wrongType('an integer', value);
      return outsideRange(outside(n), value);
    },
  });
}

/** DECIMAL columns (exact decimal strings) within bounds, compared exactly: "0.10" equals "0.1". */
export function decimalIn(column: string, bounds: Bounds<string>): RuleSpec {
  const outside = rangeCheck(bounds);
  return columnRule(column, {
    kind: 'decimal',
    code: 'QUALITY_RANGE',
    suffix: 'range',
    check: (value) => {
      const d = typeof value === 'string' ? parseDecimal(value) : undefined;
      if (!d) return wrongType('a decimal string such as "12.30"', value);
      return outsideRange(outside(d), value);
    },
  });
}

/** ENUM columns: the source's list, in its order. */
export function oneOf(column: string, values: readonly string[]): RuleSpec {
  const allowed = new Set(values);
  const listed = values.map((v) => JSON.stringify(v)).join(', ');
  return columnRule(column, {
    kind: 'enum',
    code: 'QUALITY_ENUM',
    suffix: 'enum',
    values,
    check: (value) => {
      if (typeof value !== 'string') return wrongType('a string', value);
      return allowed.has(value)
        ? undefined
        : { code: 'QUALITY_ENUM', says: `must be one of ${listed}, got ${show(value)}` };
    },
  });
}

export function format(column: string, shape: Format): RuleSpec {
  return columnRule(column, {
    kind: 'format',
    code: 'QUALITY_FORMAT',
    suffix: 'format',
    check: (value) => {
      if (typeof value !== 'string') return wrongType('a string', value, shape.pii);
      return shape.test(value)
        ? undefined
        : { code: 'QUALITY_FORMAT', says: `must be ${shape.describe}, got ${show(value, shape.pii)}` };
    },
  });
}

/** JSON columns (a string of JSON text) whose text parses to an object, as consumers index into it. */
export function jsonObject(column: string): RuleSpec {
  return columnRule(column, {
    kind: 'json',
    code: 'QUALITY_FORMAT',
    suffix: 'json',
    check: (value) => {
      if (typeof value !== 'string') return wrongType('a string of JSON text', value);
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch (error) {
        // Newer V8 messages quote the text; a long attribute blob must not flood the header.
        const detail = error instanceof Error ? ` (${error.message.slice(0, 80)})` : '';
        return {
          code: 'QUALITY_FORMAT',
          says: `must be JSON text of an object, got text that does not parse${detail}`,
        };
      }
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return undefined;
      return {
        code: 'QUALITY_FORMAT',
        says: `must be JSON text of an object, got JSON ${parsed === null ? 'null' : describeJson(parsed)}`,
      };
    },
  });
}

const describeJson = (parsed: unknown) => (Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`);
