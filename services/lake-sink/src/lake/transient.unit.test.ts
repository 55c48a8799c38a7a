import { S3ServiceException } from '@aws-sdk/client-s3';
import { IcebergError, ParquetError } from '@lakestream/iceberg';
import { isTransient } from './transient';

const s3Error = (name: string, status: number, extra: object = {}) =>
  Object.assign(
    new S3ServiceException({
      name,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status },
      message: name,
    }),
    extra,
  );

const withCode = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('which commit failures are worth retrying as they are', () => {
  it.each([
    ['S3 500', s3Error('InternalError', 500)],
    ['S3 503 SlowDown', s3Error('SlowDown', 503)],
    ['S3 throttling marked by the SDK', s3Error('Whatever', 400, { $retryable: { throttling: true } })],
    ['a 429', s3Error('TooManyRequestsException', 429)],
    ['a request timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['a reset connection', withCode('ECONNRESET')],
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a full disk', withCode('ENOSPC')],
    ['a cause that is transient', new Error('upload failed', { cause: withCode('EPIPE') })],
    ['too many writers at once', new IcebergError('ICEBERG_COMMIT_CONFLICT', 'gave up after 100')],
    ['an error that says it can be retried', Object.assign(new Error('busy'), { canRetry: true })],
  ])('retries %s', (_, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['a value the encoder refuses', new ParquetError('PARQUET_BAD_VALUE', 'x (int): expected ...')],
    ['a type the encoder has no form for', new ParquetError('PARQUET_UNSUPPORTED_TYPE', 'uuid')],
    ['another writer moved the offsets', new IcebergError('ICEBERG_STALE_BATCH', 'partition 0 moved')],
    ['metadata that is not Iceberg', new IcebergError('ICEBERG_BAD_METADATA', 'no schema 3')],
    ['S3 access denied', s3Error('AccessDenied', 403)],
    ['a missing bucket', s3Error('NoSuchBucket', 404)],
    ['a bug', new TypeError('cannot read properties of undefined')],
    ['a conversion', new RangeError('The number 1.5 cannot be converted to a BigInt')],
    ['no error at all', undefined],
    ['a string thrown', 'ECONNRESET'],
  ])('does not retry %s', (_, error) => {
    expect(isTransient(error)).toBe(false);
  });
});
