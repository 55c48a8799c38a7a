import * as avro from 'avsc';
import { decimalText, fromTwosComplement, toTwosComplement, unscaledDecimal } from '../decimal';
import { describeValue } from './describe';

/**
 * The Avro `decimal` logical type on `bytes` (Avro spec, Logical Types: Decimal), with values as plain
 * text carrying exactly `scale` decimals. Encoding rejects a value that does not fit precision and scale.
 */
export class DecimalType extends avro.types.LogicalType {
  readonly precision: number;
  readonly scale: number;

  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts);
    const { precision, scale = 0 } = schema as { precision?: unknown; scale?: unknown };
    if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 1) {
      throw new Error(`decimal needs a positive integer precision, got ${describeValue(precision)}`);
    }
    if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > precision) {
      throw new Error(`decimal needs an integer scale from 0 to its precision, got ${describeValue(scale)}`);
    }
    // The spec also allows `fixed`; no source we read writes it, so we refuse rather than half-support it.
    if (!avro.Type.isType(this.underlyingType, 'bytes')) {
      throw new Error(`decimal must annotate bytes, not ${this.underlyingType.typeName}`);
    }
    this.precision = precision;
    this.scale = scale;
  }

  protected override _fromValue(bytes: Buffer): string {
    return decimalText(fromTwosComplement(bytes), this.scale);
  }

  protected override _toValue(value: unknown): Buffer {
    if (typeof value !== 'string') {
      throw new TypeError(
        `decimal(${this.precision},${this.scale}) values are plain-notation strings, got ${describeValue(value)}`,
      );
    }
    return toTwosComplement(unscaledDecimal(value, this.precision, this.scale));
  }

  /**
   * Reads data written with another decimal only when the scale is the same and the precision no larger:
   * the bytes carry no scale, so any other writer would be read as a different number. The writer's
   * reader already produced canonical text, which needs no further change.
   */
  protected override _resolve(writer: avro.Type): ((text: string) => string) | undefined {
    if (writer instanceof DecimalType && writer.scale === this.scale && writer.precision <= this.precision) {
      return (text) => text;
    }
    return undefined;
  }

  /** Puts precision and scale back when avsc writes the schema out (`type.schema({ exportAttrs: true })`). */
  protected override _export(schema: avro.Schema): void {
    Object.assign(schema, { precision: this.precision, scale: this.scale });
  }
}
