import { decimalText, fromTwosComplement } from '@lakestream/schemas';
import { ParquetError } from '../errors';
import { type FileMetaData, loadReader, type ParquetParsers, type SchemaElement } from './hyparquet';

/** Timestamps stay exact microseconds and dates stay days, as LakeRow has them (not Date). */
const PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis: bigint) => millis * 1000n,
  timestampFromMicroseconds: (micros: bigint) => micros,
  timestampFromNanoseconds: (nanos: bigint) => nanos / 1000n,
  dateFromDays: (days: number) => days,
};

const isDecimal = (element: SchemaElement) =>
  element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL';

function decimalToLake(element: SchemaElement) {
  const scale = element.logical_type?.type === 'DECIMAL' ? element.logical_type.scale : (element.scale ?? 0);
  return (value: unknown) =>
    decimalText(
      value instanceof Uint8Array ? fromTwosComplement(value) : BigInt(value as number | bigint),
      scale,
    );
}

function wholeArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength
    ? buffer
    : bytes.slice().buffer;
}

/**
 * The columns with these Iceberg field ids, in row order and the LakeRow representation. Columns are
 * found by the Parquet field_id, never by name, so renamed columns still resolve (spec "Column
 * Projection"); a field id the file does not have reads as nulls, as that section asks for a field
 * added after the file was written.
 */
export async function readDataFileColumns(
  bytes: Uint8Array,
  fieldIds: readonly number[],
): Promise<Map<number, unknown[]>> {
  const { parquetMetadata, parquetRead } = await loadReader();
  const file = wholeArrayBuffer(bytes);
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(file, { parsers: PARSERS });
  } catch (err) {
    throw new ParquetError('PARQUET_BAD_FILE', `not a Parquet file: ${(err as Error).message}`);
  }
  const rowCount = Number(metadata.num_rows);
  const [root, ...elements] = metadata.schema;
  // Only the root's own children are columns; the sink writes no nested types.
  const topLevel = elements.slice(0, root?.num_children ?? 0);
  if (topLevel.some((element) => element.num_children)) {
    throw new ParquetError('PARQUET_BAD_FILE', 'nested Parquet columns are not data files the sink wrote');
  }
  const byFieldId = new Map(topLevel.map((element) => [element.field_id, element]));

  const result = new Map<number, unknown[]>();
  const wanted = new Map<string, { values: unknown[]; toLake: (value: unknown) => unknown }>();
  for (const fieldId of fieldIds) {
    const values = new Array<unknown>(rowCount).fill(null);
    result.set(fieldId, values);
    const element = byFieldId.get(fieldId);
    if (!element) continue;
    wanted.set(element.name, {
      values,
      toLake: isDecimal(element) ? decimalToLake(element) : (value) => value,
    });
  }
  if (wanted.size === 0 || rowCount === 0) return result;

  // hyparquet turns decimals into floats, which cannot hold decimal(12,2) amounts beyond 2^53 cents
  // exactly, let alone precision 38; reading them as their physical type keeps them exact.
  const physical: FileMetaData = {
    ...metadata,
    schema: metadata.schema.map((element) =>
      isDecimal(element) ? { ...element, converted_type: undefined, logical_type: undefined } : element,
    ),
  };
  await parquetRead({
    file,
    metadata: physical,
    columns: [...wanted.keys()],
    parsers: PARSERS,
    // Binary columns stay bytes; strings carry the UTF8 annotation and are decoded anyway.
    utf8: false,
    onChunk: ({ columnName, columnData, rowStart }) => {
      const column = wanted.get(columnName);
      if (!column) return;
      for (let i = 0; i < columnData.length; i += 1) {
        const value = columnData[i];
        column.values[rowStart + i] = value === null || value === undefined ? null : column.toLake(value);
      }
    },
  });
  return result;
}
