// Iceberg table-format types as the spec's JSON serialisation names them
// (https://iceberg.apache.org/spec/#appendix-c-json-serialization), so metadata files are these
// objects written as they are.

export type DecimalType = `decimal(${number}, ${number})`;

/** Spec "Primitive Types": only the ones GlobalMart's columns and the sink's own columns need. */
export type PrimitiveType =
  | 'boolean'
  | 'int'
  | 'long'
  | 'float'
  | 'double'
  | 'date'
  | 'timestamp'
  | 'timestamptz'
  | 'string'
  | 'binary'
  | DecimalType;

export interface IcebergField {
  id: number;
  name: string;
  required: boolean;
  type: PrimitiveType;
  doc?: string;
}

export interface IcebergSchema {
  type: 'struct';
  'schema-id': number;
  fields: IcebergField[];
  'identifier-field-ids'?: number[];
}

/**
 * A row as the sink hands it to the Parquet encoder, keyed by field name. Values by Iceberg type:
 * boolean → boolean; int, date (days since epoch) → number; long → bigint; float, double → number;
 * timestamp, timestamptz (microseconds since epoch) → bigint; string → string; binary → Uint8Array;
 * decimal(P, S) → exact decimal text such as "-12.50" (the scale may be shorter than S).
 * null or undefined → null (only for optional fields).
 */
export type LakeRow = Record<string, unknown>;

/** Per-field statistics of one data file, in the manifest's terms (spec "Manifests", data_file). */
export interface ColumnMetrics {
  valueCount: number;
  nullValueCount: number;
  /** Bytes the column occupies in the file (compressed), summed over row groups. */
  columnSize: number;
  /** Smallest and largest non-null value, in the LakeRow representation; absent when all null. */
  lower?: unknown;
  upper?: unknown;
}

export interface EncodedDataFile {
  bytes: Uint8Array;
  recordCount: number;
  /** By field id. */
  metrics: Map<number, ColumnMetrics>;
}

/**
 * Rows given column by column: one array per field name, all `rowCount` long (a missing array is all
 * null). The sink builds these directly, which spares a row object per change.
 */
export interface LakeColumns {
  rowCount: number;
  columns: Record<string, unknown[] | undefined>;
}

/** The Parquet encoder the writer depends on; chosen by measurement (docs/decisions/0004). */
export type DataFileEncoder = (
  schema: IcebergSchema,
  rows: readonly LakeRow[] | LakeColumns,
) => Promise<EncodedDataFile> | EncodedDataFile;
