import { decimalText, twosComplementLength, unscaledDecimal } from '@lakestream/schemas';
import { ParquetError } from '../errors';
import type { IcebergField, IcebergSchema } from '../types';
import { decimalSpec } from './decimal';
import type { SchemaElement } from './hyparquet';
import { compareBytes, compareFloat, compareNatural, compareUtf8 } from './order';
import { isInt32, isInt64 } from './value-rules';

/**
 * How one Iceberg field is written: its Parquet schema element, and how a LakeRow value becomes the
 * column value hyparquet-writer takes (and back), in an order that is Iceberg's bound order.
 */
export interface FieldPlan {
  readonly field: IcebergField;
  readonly element: SchemaElement;
  /** A non-null LakeRow value → column value; throws PARQUET_BAD_VALUE if it does not fit. */
  toColumn(value: unknown): unknown;
  /** Column value → LakeRow representation (the bounds in ColumnMetrics are in it). */
  toLake(value: unknown): unknown;
  /** Iceberg bound order over column values. */
  compare(left: unknown, right: unknown): number;
}

const identity = (value: unknown) => value;
const byNumber = (left: unknown, right: unknown) => compareNatural(left as number, right as number);
const byFloat = (left: unknown, right: unknown) => compareFloat(left as number, right as number);
const byBigint = (left: unknown, right: unknown) => compareNatural(left as bigint, right as bigint);

function bad(field: IcebergField, expected: string, value: unknown): never {
  const shown =
    typeof value === 'bigint' ? `${value}n` : typeof value === 'string' ? `"${value}"` : String(value);
  throw new ParquetError(
    'PARQUET_BAD_VALUE',
    `${field.name} (${field.type}): expected ${expected}, got ${shown}`,
  );
}

// The ranges are value-rules.ts's, which the sink also checks every value against as it arrives.
function int32(field: IcebergField) {
  return (value: unknown) => (isInt32(value) ? value : bad(field, 'a 32-bit integer number', value));
}

function int64(field: IcebergField) {
  return (value: unknown) => (isInt64(value) ? value : bad(field, 'a 64-bit bigint', value));
}

/** Decimal text → its unscaled value, refused (not rounded) as PARQUET_BAD_VALUE when it does not fit. */
function unscaled(field: IcebergField, text: string, precision: number, scale: number): bigint {
  try {
    return unscaledDecimal(text, precision, scale);
  } catch (error) {
    throw new ParquetError('PARQUET_BAD_VALUE', `${field.name}: ${(error as Error).message}`);
  }
}

type TypePlan = Omit<FieldPlan, 'field' | 'element'> & { element: Omit<SchemaElement, 'name'> };

/** Spec "Appendix A: Format-specific Requirements", Parquet: the type mapping table. */
function planFor(field: IcebergField): TypePlan {
  const type = field.type;
  switch (type) {
    case 'boolean':
      return {
        element: { type: 'BOOLEAN' },
        toColumn: (v) => (typeof v === 'boolean' ? v : bad(field, 'a boolean', v)),
        toLake: identity,
        compare: (l, r) => compareNatural(l as boolean, r as boolean),
      };
    case 'int':
      return { element: { type: 'INT32' }, toColumn: int32(field), toLake: identity, compare: byNumber };
    case 'date':
      return {
        element: { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } },
        toColumn: int32(field),
        toLake: identity,
        compare: byNumber,
      };
    case 'long':
      return { element: { type: 'INT64' }, toColumn: int64(field), toLake: identity, compare: byBigint };
    case 'timestamp':
    case 'timestamptz':
      return {
        // TIMESTAMP_MICROS, the legacy converted type, means UTC-adjusted, so only timestamptz has it.
        element: {
          type: 'INT64',
          ...(type === 'timestamptz' ? { converted_type: 'TIMESTAMP_MICROS' as const } : {}),
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: type === 'timestamptz', unit: 'MICROS' },
        },
        toColumn: int64(field),
        toLake: identity,
        compare: byBigint,
      };
    case 'float':
      return {
        element: { type: 'FLOAT' },
        // Rounded here so the bounds are the values the file holds.
        toColumn: (v) => (typeof v === 'number' ? Math.fround(v) : bad(field, 'a number', v)),
        toLake: identity,
        compare: byFloat,
      };
    case 'double':
      return {
        element: { type: 'DOUBLE' },
        toColumn: (v) => (typeof v === 'number' ? v : bad(field, 'a number', v)),
        toLake: identity,
        compare: byFloat,
      };
    case 'string':
      return {
        element: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
        toColumn: (v) => (typeof v === 'string' ? v : bad(field, 'a string', v)),
        toLake: identity,
        compare: (l, r) => compareUtf8(l as string, r as string),
      };
    case 'binary':
      return {
        element: { type: 'BYTE_ARRAY' },
        toColumn: (v) => (v instanceof Uint8Array ? v : bad(field, 'a Uint8Array', v)),
        toLake: identity,
        compare: (l, r) => compareBytes(l as Uint8Array, r as Uint8Array),
      };
    default: {
      const spec = decimalSpec(type);
      if (!spec)
        throw new ParquetError('PARQUET_UNSUPPORTED_TYPE', `${field.name}: no Parquet mapping for ${type}`);
      const { precision, scale } = spec;
      // int32 for P ≤ 9, int64 for P ≤ 18, else fixed(minimum bytes); hyparquet-writer takes the
      // unscaled bigint for all three.
      const physical: Omit<SchemaElement, 'name'> =
        precision <= 9
          ? { type: 'INT32' }
          : precision <= 18
            ? { type: 'INT64' }
            : { type: 'FIXED_LEN_BYTE_ARRAY', type_length: twosComplementLength(precision) };
      return {
        element: {
          ...physical,
          converted_type: 'DECIMAL',
          precision,
          scale,
          logical_type: { type: 'DECIMAL', precision, scale },
        },
        toColumn: (v) =>
          typeof v === 'string' ? unscaled(field, v, precision, scale) : bad(field, 'decimal text', v),
        toLake: (v) => decimalText(v as bigint, scale),
        compare: byBigint,
      };
    }
  }
}

export function fieldPlans(schema: IcebergSchema): FieldPlan[] {
  const names = new Set<string>();
  return schema.fields.map((field) => {
    if (names.has(field.name)) {
      throw new ParquetError(
        'PARQUET_UNSUPPORTED_TYPE',
        `field name ${field.name} appears twice in the schema`,
      );
    }
    names.add(field.name);
    const { element, ...plan } = planFor(field);
    return {
      ...plan,
      field,
      element: {
        ...element,
        name: field.name,
        repetition_type: field.required ? 'REQUIRED' : 'OPTIONAL',
        // Spec "Appendix A", Parquet: columns carry the Iceberg field id, which readers resolve by.
        field_id: field.id,
      },
    };
  });
}
