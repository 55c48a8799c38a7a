import { ConfigError, parseEnv } from '@lakestream/runtime';
import { z } from 'zod';
import { transactionalEnvShape, transactionalIdPrefix } from './transactional-env';

const schema = z.object({ GROUP_ID: z.string().default('lakestream-cdc-ingest'), ...transactionalEnvShape });

describe('transactionalEnvShape', () => {
  it('takes the group id as the prefix unless TRANSACTIONAL_ID_PREFIX names one', () => {
    expect(transactionalIdPrefix(parseEnv(schema, {}))).toBe('lakestream-cdc-ingest');
    expect(transactionalIdPrefix(parseEnv(schema, { GROUP_ID: 'g' }))).toBe('g');
    expect(transactionalIdPrefix(parseEnv(schema, { GROUP_ID: 'g', TRANSACTIONAL_ID_PREFIX: 'p' }))).toBe(
      'p',
    );
  });

  it('refuses an id per instance, naming what to set instead', () => {
    let problems: string[] = [];
    try {
      parseEnv(schema, { TRANSACTIONAL_ID: 'lakestream-cdc-ingest-0' });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^TRANSACTIONAL_ID: no longer read: .*TRANSACTIONAL_ID_PREFIX.*, got "lakestream-cdc-ingest-0"$/,
    );
  });
});
