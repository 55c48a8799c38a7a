import { errorOfCode, IcebergError, icebergErrorCodes, isIcebergErrorCode, ParquetError } from './errors';

describe('iceberg errors', () => {
  it('retries only a lost commit race', () => {
    const retryable = Object.entries(icebergErrorCodes)
      .filter(([, { canRetry }]) => canRetry)
      .map(([code]) => code);
    expect(retryable).toEqual(['ICEBERG_COMMIT_CONFLICT']);
    expect(new IcebergError('ICEBERG_COMMIT_CONFLICT', 'lost').canRetry).toBe(true);
    expect(new IcebergError('ICEBERG_STALE_BATCH', 'moved').canRetry).toBe(false);
  });

  it('rebuilds an error from its code, as the encoder pool does across threads', () => {
    const parquet = errorOfCode('PARQUET_BAD_VALUE', 'x (int): expected a 32-bit integer number');
    expect(parquet).toBeInstanceOf(ParquetError);
    expect(parquet).toMatchObject({ code: 'PARQUET_BAD_VALUE', canRetry: false, name: 'ParquetError' });
    const iceberg = errorOfCode('ICEBERG_BAD_METADATA', 'no schema 3');
    expect(iceberg).toBeInstanceOf(IcebergError);
    expect(iceberg).not.toBeInstanceOf(ParquetError);
    expect(isIcebergErrorCode('ICEBERG_NOT_FOUND')).toBe(true);
    expect(isIcebergErrorCode('toString')).toBe(false);
    expect(isIcebergErrorCode(undefined)).toBe(false);
  });
});
