import { ConfigError, parseEnv } from '@lakestream/runtime';
import { z } from 'zod';
import { deadLetterEnvShape } from './dead-letter-env';

const schema = z.object(deadLetterEnvShape);
const problems = (env: Record<string, string>) => {
  try {
    parseEnv(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('deadLetterEnvShape', () => {
  it('defaults the claim-check location to a folder under the home directory and reads every limit', () => {
    const config = parseEnv(schema, {});
    expect(config.CLAIM_CHECK_LOCATION).toMatch(/^\/.*\/\.local\/state\/lakestream\/dlq$/);
    expect(config.KAFKA_MAX_MESSAGE_BYTES).toBeUndefined();
  });

  it('takes an absolute folder or an s3:// prefix, and a limit override', () => {
    expect(parseEnv(schema, { CLAIM_CHECK_LOCATION: 's3://lakestream-warehouse/dlq' })).toMatchObject({
      CLAIM_CHECK_LOCATION: 's3://lakestream-warehouse/dlq',
    });
    expect(
      parseEnv(schema, { CLAIM_CHECK_LOCATION: '/var/lib/dlq', KAFKA_MAX_MESSAGE_BYTES: '8388608' }),
    ).toEqual({
      CLAIM_CHECK_LOCATION: '/var/lib/dlq',
      KAFKA_MAX_MESSAGE_BYTES: 8_388_608,
    });
  });

  it('refuses a relative folder and a limit too small for a claim check, naming the variable', () => {
    expect(problems({ CLAIM_CHECK_LOCATION: 'dlq', KAFKA_MAX_MESSAGE_BYTES: '1000' })).toEqual([
      'CLAIM_CHECK_LOCATION: expected an absolute folder or s3://bucket/prefix, got "dlq"',
      'KAFKA_MAX_MESSAGE_BYTES: expected at least 16384 bytes, got "1000"',
    ]);
    expect(problems({ KAFKA_MAX_MESSAGE_BYTES: 'lots' })).toEqual([
      'KAFKA_MAX_MESSAGE_BYTES: expected a byte count, got "lots"',
    ]);
  });
});
