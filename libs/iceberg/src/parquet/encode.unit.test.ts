import type { IcebergSchema, LakeRow } from '../types';
import { dataFileEncoder, encodeDataFile } from './encode';
import { readDataFileColumns } from './read';

const schema: IcebergSchema = {
  type: 'struct',
  'schema-id': 3,
  fields: [
    { id: 1, name: 'id', required: true, type: 'long' },
    { id: 2, name: 'flag', required: false, type: 'boolean' },
    { id: 3, name: 'qty', required: false, type: 'int' },
    { id: 4, name: 'ratio', required: false, type: 'float' },
    { id: 5, name: 'score', required: false, type: 'double' },
    { id: 6, name: 'day', required: false, type: 'date' },
    { id: 7, name: 'local_at', required: false, type: 'timestamp' },
    { id: 8, name: 'utc_at', required: true, type: 'timestamptz' },
    { id: 9, name: 'name', required: false, type: 'string' },
    { id: 10, name: 'blob', required: false, type: 'binary' },
    { id: 11, name: 'price', required: false, type: 'decimal(9, 2)' },
    { id: 12, name: 'total', required: true, type: 'decimal(18, 4)' },
    { id: 13, name: 'huge', required: false, type: 'decimal(38, 10)' },
  ],
};

// Field ids on purpose not in column order: readers must resolve by id.
const BEYOND_2_53 = 2n ** 60n + 7n;
const rows: LakeRow[] = [
  {
    id: 1n,
    flag: true,
    qty: -2147483648,
    ratio: 0.1,
    score: 2.5,
    day: -1,
    local_at: BEYOND_2_53,
    utc_at: -1n,
    name: 'a',
    blob: new Uint8Array([0x01, 0x02]),
    price: '-12.5',
    total: '-99999999999999.9999',
    huge: '-1234567890123456789012345678.0123456789',
  },
  {
    id: -(2n ** 63n),
    flag: null,
    qty: undefined,
    ratio: null,
    score: null,
    day: null,
    local_at: null,
    utc_at: 1_700_000_000_123_456n,
    name: null,
    blob: null,
    price: null,
    total: '0',
    huge: null,
  },
  {
    id: 2n ** 63n - 1n,
    flag: false,
    qty: 2147483647,
    ratio: -3.25,
    score: -0,
    day: 19_700,
    local_at: -(2n ** 62n),
    utc_at: 0n,
    name: 'é',
    blob: new Uint8Array([0xff]),
    price: '1234567.89',
    total: '12.3',
    huge: '99999999999999999999999999.9999999999',
  },
  {
    id: 0n,
    flag: true,
    qty: 0,
    ratio: Number.NaN,
    score: 0,
    day: 0,
    local_at: 0n,
    utc_at: 5n,
    name: 'Z',
    blob: new Uint8Array([]),
    price: '-0.01',
    total: '-0.0001',
    huge: '0.0000000001',
  },
];

const expected: Record<number, unknown[]> = {
  1: [1n, -(2n ** 63n), 2n ** 63n - 1n, 0n],
  2: [true, null, false, true],
  3: [-2147483648, null, 2147483647, 0],
  4: [Math.fround(0.1), null, -3.25, Number.NaN],
  5: [2.5, null, -0, 0],
  6: [-1, null, 19_700, 0],
  7: [BEYOND_2_53, null, -(2n ** 62n), 0n],
  8: [-1n, 1_700_000_000_123_456n, 0n, 5n],
  9: ['a', null, 'é', 'Z'],
  10: [new Uint8Array([0x01, 0x02]), null, new Uint8Array([0xff]), new Uint8Array([])],
  11: ['-12.50', null, '1234567.89', '-0.01'],
  12: ['-99999999999999.9999', '0.0000', '12.3000', '-0.0001'],
  13: [
    '-1234567890123456789012345678.0123456789',
    null,
    '99999999999999999999999999.9999999999',
    '0.0000000001',
  ],
};
const allIds = schema.fields.map((field) => field.id);

async function footer(bytes: Uint8Array) {
  const { parquetMetadata } = await import('hyparquet');
  return parquetMetadata(bytes.slice().buffer);
}

describe('encodeDataFile → readDataFileColumns', () => {
  it('round-trips every type, nulls, int64 extremes and decimals past 2^53 in row order', async () => {
    const file = await encodeDataFile(schema, rows);
    expect(file.recordCount).toBe(4);
    const columns = await readDataFileColumns(file.bytes, allIds);
    expect(Object.fromEntries(columns)).toEqual(expected);
    expect(Object.is(columns.get(5)?.[2], -0)).toBe(true);
  });

  it('keeps row order across several row groups', async () => {
    const many: LakeRow[] = Array.from({ length: 2_500 }, (_, i) => ({
      id: BigInt(i),
      utc_at: BigInt(i) * 1_000_000n,
      total: `${i}.5`,
      name: i % 3 === 0 ? null : `n${i}`,
    }));
    const file = await dataFileEncoder({ rowGroupRows: 1_000 })(schema, many);
    expect((await footer(file.bytes)).row_groups).toHaveLength(3);
    const columns = await readDataFileColumns(file.bytes, [12, 1, 9]);
    expect(columns.get(1)).toEqual(many.map((row) => row.id));
    expect(columns.get(9)).toEqual(many.map((row) => row.name));
    expect(columns.get(12)?.[2_499]).toBe('2499.5000');
  });

  it('reads columns by field id, and a field id the file lacks as nulls', async () => {
    const file = await encodeDataFile(schema, rows);
    const renamed: IcebergSchema = {
      ...schema,
      fields: schema.fields.map((field) => (field.id === 9 ? { ...field, name: 'renamed' } : field)),
    };
    const columns = await readDataFileColumns(file.bytes, [9, 99]);
    expect(columns.get(9)).toEqual(expected[9]);
    expect(columns.get(99)).toEqual([null, null, null, null]);
    // The same ids resolve in a file written under the new name.
    const renamedFile = await encodeDataFile(
      renamed,
      rows.map(({ name, ...rest }) => ({ ...rest, renamed: name })),
    );
    expect((await readDataFileColumns(renamedFile.bytes, [9])).get(9)).toEqual(expected[9]);
  });

  it('writes the Parquet schema the Iceberg spec asks for, with field ids', async () => {
    const { schema: elements } = await footer((await encodeDataFile(schema, rows)).bytes);
    const [root, ...columns] = elements;
    expect(root?.num_children).toBe(13);
    const byName = Object.fromEntries(columns.map((element) => [element.name, element]));
    expect(columns.map((element) => element.field_id)).toEqual(allIds);
    expect(byName.id).toMatchObject({ type: 'INT64', repetition_type: 'REQUIRED' });
    expect(byName.flag).toMatchObject({ type: 'BOOLEAN', repetition_type: 'OPTIONAL' });
    expect(byName.qty).toMatchObject({ type: 'INT32' });
    expect(byName.ratio).toMatchObject({ type: 'FLOAT' });
    expect(byName.score).toMatchObject({ type: 'DOUBLE' });
    expect(byName.day).toMatchObject({ type: 'INT32', logical_type: { type: 'DATE' } });
    expect(byName.local_at).toMatchObject({
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' },
    });
    expect(byName.local_at?.converted_type).toBeUndefined();
    expect(byName.utc_at).toMatchObject({
      type: 'INT64',
      repetition_type: 'REQUIRED',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
    });
    expect(byName.name).toMatchObject({ type: 'BYTE_ARRAY', logical_type: { type: 'STRING' } });
    expect(byName.blob).toMatchObject({ type: 'BYTE_ARRAY' });
    expect(byName.blob?.logical_type).toBeUndefined();
    expect(byName.price).toMatchObject({
      type: 'INT32',
      logical_type: { type: 'DECIMAL', precision: 9, scale: 2 },
    });
    expect(byName.total).toMatchObject({
      type: 'INT64',
      logical_type: { type: 'DECIMAL', precision: 18, scale: 4 },
    });
    expect(byName.huge).toMatchObject({
      type: 'FIXED_LEN_BYTE_ARRAY',
      type_length: 16,
      logical_type: { type: 'DECIMAL', precision: 38, scale: 10 },
    });
  });

  it('writes Parquet column statistics', async () => {
    const { row_groups } = await footer((await encodeDataFile(schema, rows)).bytes);
    const stats = row_groups[0]?.columns.map((chunk) => chunk.meta_data?.statistics);
    expect(stats?.[0]).toMatchObject({ min_value: -(2n ** 63n), max_value: 2n ** 63n - 1n, null_count: 0n });
    expect(stats?.[8]).toMatchObject({ min_value: 'Z', max_value: 'é', null_count: 1n });
    expect(row_groups[0]?.columns.every((chunk) => chunk.meta_data?.codec === 'SNAPPY')).toBe(true);
  });
});

describe('metrics', () => {
  it('counts values and nulls and bounds each field in Iceberg order', async () => {
    const { metrics, bytes } = await encodeDataFile(schema, rows);
    const bounds = Object.fromEntries(
      [...metrics].map(([id, m]) => [id, [m.valueCount, m.nullValueCount, m.lower, m.upper]]),
    );
    expect(bounds).toEqual({
      1: [4, 0, -(2n ** 63n), 2n ** 63n - 1n],
      2: [4, 1, false, true],
      3: [4, 1, -2147483648, 2147483647],
      4: [4, 1, -3.25, Math.fround(0.1)], // NaN is not a bound
      5: [4, 1, -0, 2.5],
      6: [4, 1, -1, 19_700],
      7: [4, 1, -(2n ** 62n), BEYOND_2_53],
      8: [4, 0, -1n, 1_700_000_000_123_456n],
      9: [4, 1, 'Z', 'é'], // UTF-8 bytes: 'Z' (0x5A) < 'a' (0x61) < 'é' (0xC3 0xA9)
      10: [4, 1, new Uint8Array([]), new Uint8Array([0xff])],
      11: [4, 1, '-12.50', '1234567.89'], // numerically, not as text
      12: [4, 0, '-99999999999999.9999', '12.3000'],
      13: [4, 1, '-1234567890123456789012345678.0123456789', '99999999999999999999999999.9999999999'],
    });
    const { row_groups } = await footer(bytes);
    const chunkSizes = row_groups[0]?.columns.map((chunk) => Number(chunk.meta_data?.total_compressed_size));
    expect([...metrics.values()].map((m) => m.columnSize)).toEqual(chunkSizes);
  });

  it('sums column sizes over row groups and leaves bounds out of an all-null column', async () => {
    const many: LakeRow[] = Array.from({ length: 300 }, (_, i) => ({
      id: BigInt(i),
      utc_at: 0n,
      total: '1',
    }));
    const { metrics, bytes } = await dataFileEncoder({ rowGroupRows: 100 })(schema, many);
    const { row_groups } = await footer(bytes);
    expect(row_groups).toHaveLength(3);
    const idSize = row_groups.reduce(
      (sum, group) => sum + Number(group.columns[0]?.meta_data?.total_compressed_size),
      0,
    );
    expect(metrics.get(1)?.columnSize).toBe(idSize);
    expect(metrics.get(9)).toEqual({ valueCount: 300, nullValueCount: 300, columnSize: expect.any(Number) });
    expect(metrics.get(9)).not.toHaveProperty('lower');
  });

  it('orders strings by UTF-8 bytes where UTF-16 order differs', async () => {
    const strings: IcebergSchema = {
      ...schema,
      fields: [{ id: 1, name: 's', required: true, type: 'string' }],
    };
    const { metrics } = await encodeDataFile(strings, [{ s: '\uFF21' }, { s: '\u{1F600}' }, { s: 'a' }]);
    expect(metrics.get(1)).toMatchObject({ lower: 'a', upper: '\u{1F600}' });
  });
});

describe('bad input', () => {
  const onlyTotal: IcebergSchema = {
    ...schema,
    fields: [{ id: 12, name: 'total', required: true, type: 'decimal(18, 4)' }],
  };

  it.each([
    ['a null in a required field', schema, [{ ...rows[0], id: null }], /id is required but row 0/],
    ['a number for a long', schema, [{ ...rows[0], id: 1 }], /id \(long\): expected a 64-bit bigint, got 1/],
    ['a long beyond int64', schema, [{ ...rows[0], id: 2n ** 63n }], /expected a 64-bit bigint/],
    ['an int beyond int32', schema, [{ ...rows[0], qty: 2 ** 31 }], /qty \(int\)/],
    ['a Date for a timestamp', schema, [{ ...rows[0], utc_at: new Date() }], /utc_at \(timestamptz\)/],
    [
      'too many decimals',
      onlyTotal,
      [{ total: '1.00001' }],
      /total: 1.00001 does not fit decimal\(18,4\): 5 decimals, at most 4/,
    ],
    ['too many digits', onlyTotal, [{ total: '100000000000000' }], /19 digits, at most 18/],
    ['a number for a decimal', onlyTotal, [{ total: 1.5 }], /expected decimal text/],
  ])('refuses %s', async (_, badSchema, badRows, message) => {
    await expect(encodeDataFile(badSchema, badRows)).rejects.toMatchObject({
      code: 'PARQUET_BAD_VALUE',
      canRetry: false,
      message: expect.stringMatching(message),
    });
  });

  it('writes and reads a file of no rows', async () => {
    const file = await encodeDataFile(schema, []);
    expect(file.recordCount).toBe(0);
    expect(file.metrics.get(1)).toEqual({ valueCount: 0, nullValueCount: 0, columnSize: 0 });
    expect((await readDataFileColumns(file.bytes, [1, 9])).get(9)).toEqual([]);
  });

  it('refuses bytes that are not Parquet', async () => {
    await expect(readDataFileColumns(new Uint8Array([1, 2, 3]), [1])).rejects.toMatchObject({
      code: 'PARQUET_BAD_FILE',
    });
  });
});
