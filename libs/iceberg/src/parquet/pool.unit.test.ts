import { join, resolve } from 'node:path';
import { ParquetError } from '../errors';
import type { IcebergSchema } from '../types';
import { type EncoderPool, encoderPool, encodeWorkerScript } from './pool';
import { readDataFileColumns } from './read';

const schema: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', required: true, type: 'long' },
    { id: 2, name: 'name', required: false, type: 'string' },
    { id: 3, name: 'amount', required: false, type: 'decimal(12, 2)' },
  ],
};

describe('encoder pool on worker threads', () => {
  let pool: EncoderPool;
  beforeAll(() => {
    // The default script: jest runs this from src/, so it is the one tsc -b built (scripts/test builds first).
    pool = encoderPool(2);
  });
  afterAll(() => pool.close());

  it('encodes column batches on the threads, with the same data and metrics', async () => {
    const files = await Promise.all(
      [0, 1, 2].map((n) =>
        pool.encode(schema, {
          rowCount: 3,
          columns: {
            id: [1n + BigInt(n), 2n, 3n],
            name: ['a', null, `n${n}`],
            amount: ['-1.50', '2.00', null],
          },
        }),
      ),
    );
    for (const [n, file] of files.entries()) {
      expect(file.recordCount).toBe(3);
      const read = await readDataFileColumns(file.bytes, [1, 2, 3]);
      expect(read.get(1)).toEqual([1n + BigInt(n), 2n, 3n]);
      expect(read.get(2)).toEqual(['a', null, `n${n}`]);
      expect(read.get(3)).toEqual(['-1.50', '2.00', null]);
      expect(file.metrics.get(3)).toMatchObject({ nullValueCount: 1, lower: '-1.50', upper: '2.00' });
    }
  });

  it('rejects with the encoder’s own error, and keeps working after it', async () => {
    const failing = pool.encode(schema, { rowCount: 1, columns: { id: [null] } });
    await expect(failing).rejects.toBeInstanceOf(ParquetError);
    await expect(failing).rejects.toMatchObject({ code: 'PARQUET_BAD_VALUE' });
    const ok = await pool.encode(schema, { rowCount: 1, columns: { id: [9n] } });
    expect(ok.recordCount).toBe(1);
  });
});

describe('encodeWorkerScript', () => {
  const built = resolve(__dirname, '..', '..', 'dist', 'parquet', 'encode-worker.js');

  it('finds the compiled worker from the sources and from dist', () => {
    expect(encodeWorkerScript(__dirname)).toBe(built);
    expect(encodeWorkerScript(resolve(__dirname, '..', '..', 'dist', 'parquet'))).toBe(built);
  });

  it('says to build first when there is none', () => {
    expect(() => encodeWorkerScript(join(__dirname, 'nowhere', 'src', 'parquet'))).toThrow(
      /run tsc -b first/,
    );
  });
});
