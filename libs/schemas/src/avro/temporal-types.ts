import * as avro from 'avsc';
import { bigintLong } from '../avro-long';
import { describeValue } from './describe';

/** The four timestamp logical types (Avro spec, Logical Types) and what one unit is worth in µs. */
const UNIT_MICROS: Readonly<Record<string, bigint>> = {
  'timestamp-millis': 1000n,
  'local-timestamp-millis': 1000n,
  'timestamp-micros': 1n,
  'local-timestamp-micros': 1n,
};

const isLong = (schema: avro.Schema) =>
  typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'long';

/** A UTC instant or a wall clock read as UTC: the two meanings never read each other. */
const isLocal = (logicalType: string) => logicalType.startsWith('local-');

/**
 * `timestamp-millis`, `timestamp-micros` and their `local-` forms on `long`, with every value as epoch
 * **microseconds in a bigint**, whatever unit the schema stores: DATETIME(6) and TIMESTAMP(6) keep
 * their microseconds (a JS number of µs would round past 2255, and DATETIME goes to 9999), and a
 * consumer sees one representation for data written under millis and micros schemas alike. Encoding
 * under a millis schema refuses a value with sub-millisecond digits rather than dropping them. The UTC
 * and wall-clock kinds share this code but not their meaning, so neither reads the other.
 */
export class EpochMicrosType extends avro.types.LogicalType {
  private readonly perUnit: bigint;

  constructor(schema: avro.Schema, opts?: Partial<avro.ForSchemaOptions>) {
    // The underlying long must decode to a bigint: avsc's own long refuses anything past 2^53, which
    // microseconds reach in 2255. Only this schema's underlying type is swapped; the options object
    // keeps its registry, so named types still land where the rest of the parse looks for them.
    const inner = opts?.typeHook;
    super(schema, {
      ...opts,
      typeHook: (candidate: avro.Schema, options: avro.ForSchemaOptions) =>
        candidate === schema && isLong(candidate) ? bigintLong : inner?.(candidate, options),
    });
    if (!avro.Type.isType(this.underlyingType, 'long', 'abstract:long')) {
      throw new Error(`${this.typeName} must annotate a long, not ${this.underlyingType.typeName}`);
    }
    this.perUnit = UNIT_MICROS[this.logicalName] ?? 1n;
  }

  private get logicalName(): string {
    return this.typeName.replace(/^logical:/, '');
  }

  protected override _fromValue(value: bigint | number): bigint {
    return BigInt(value) * this.perUnit;
  }

  protected override _toValue(value: unknown): bigint {
    if (typeof value !== 'bigint') {
      throw new TypeError(
        `${this.typeName} values are epoch microseconds as a bigint, got ${describeValue(value)}`,
      );
    }
    if (value % this.perUnit !== 0n) {
      throw new RangeError(
        `${this.typeName} cannot hold ${describeValue(value)} µs without dropping its sub-millisecond digits`,
      );
    }
    return value / this.perUnit;
  }

  // Both sides decode to µs already, so a millis writer reads under a micros reader (and back) as is.
  protected override _resolve(writer: avro.Type): ((micros: bigint) => bigint) | undefined {
    if (!(writer instanceof EpochMicrosType)) return undefined;
    return isLocal(writer.logicalName) === isLocal(this.logicalName) ? (micros) => micros : undefined;
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
