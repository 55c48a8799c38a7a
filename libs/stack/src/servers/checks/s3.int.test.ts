import { GetObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { loadStackConfig } from '../../config';
import { uniqueName } from '../../names';
import { localS3Client } from '../parts/s3';

const config = loadStackConfig();

/** The outcome of one conditional put: the lake's commit protocol needs exactly one winner. */
async function putIfAbsent(key: string, body: string): Promise<'won' | 'lost'> {
  const client = localS3Client(config);
  try {
    await client.send(
      new PutObjectCommand({ Bucket: config.s3.warehouseBucket, Key: key, Body: body, IfNoneMatch: '*' }),
    );
    return 'won';
  } catch (error) {
    if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412) return 'lost';
    throw error;
  } finally {
    client.destroy();
  }
}

describe('S3-compatible store', () => {
  it('rejects the second writer of an If-None-Match: * put with 412 and keeps the first body', async () => {
    const key = `checks/${uniqueName('v1')}.metadata.json`;
    expect(await putIfAbsent(key, 'first')).toBe('won');
    expect(await putIfAbsent(key, 'second')).toBe('lost');
    const client = localS3Client(config);
    const object = await client.send(new GetObjectCommand({ Bucket: config.s3.warehouseBucket, Key: key }));
    expect(await object.Body?.transformToString()).toBe('first');
    client.destroy();
  });

  it('lets exactly one of many concurrent writers win', async () => {
    for (let round = 0; round < 5; round++) {
      const key = `checks/${uniqueName('race')}.metadata.json`;
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) => putIfAbsent(key, `writer-${i}`)),
      );
      expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    }
  });
});
