import * as avro from 'avsc';
import { describeValue } from './describe';

/**
 * `timestamp-millis` and `local-timestamp-millis` on `long` (Avro spec, Logical Types), with values as
 * epoch milliseconds in a JS number. The underlying long may decode as a bigint (see `bigintLong`), so
 * a value beyond Number.MAX_SAFE_INTEGER is refused rather than rounded. The two logical types share
 * this code but not their meaning (UTC instant vs wall clock read as UTC), so neither reads the other.
 */
export class EpochMillisType extends avro.types.LogicalType {
  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts);
    if (!avro.Type.isType(this.underlyingType, 'long', 'abstract:long')) {
      throw new Error(`${this.typeName} must annotate a long, not ${this.underlyingType.typeName}`);
    }
  }

  protected override _fromValue(value: bigint | number): number {
    const millis = Number(value);
    if (!Number.isSafeInteger(millis)) {
      throw new RangeError(
        `${this.typeName} ${describeValue(value)} is beyond a safe integer of milliseconds`,
      );
    }
    return millis;
  }

  protected override _toValue(value: unknown): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new TypeError(
        `${this.typeName} values are epoch milliseconds as a safe integer number, got ${describeValue(value)}`,
      );
    }
    return value;
  }

  protected override _resolve(writer: avro.Type): ((millis: number) => number) | undefined {
    return writer.typeName === this.typeName ? (millis) => millis : undefined;
  }
}

/** `date` on `int` (Avro spec, Logical Types: Date): days since 1970-01-01 as a JS number. */
export class DateType extends avro.types.LogicalType {
  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts);
    if (!avro.Type.isType(this.underlyingType, 'int')) {
      throw new Error(`date must annotate an int, not ${this.underlyingType.typeName}`);
    }
  }

  protected override _fromValue(days: number): number {
    return days;
  }

  protected override _toValue(value: unknown): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) {
      throw new TypeError(
        `date values are days since 1970-01-01 as a 32-bit integer, got ${describeValue(value)}`,
      );
    }
    return value;
  }

  protected override _resolve(writer: avro.Type): ((days: number) => number) | undefined {
    return writer.typeName === this.typeName ? (days) => days : undefined;
  }
}
