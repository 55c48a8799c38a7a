import { inspect } from 'node:util';

/** A value as it would appear in an error message: `12n`, `'12.3'`, `undefined`, `{ a: 1 }`. */
export function describeValue(value: unknown): string {
  return inspect(value, { depth: 1, breakLength: Number.POSITIVE_INFINITY });
}
