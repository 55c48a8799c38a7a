import { joinLocation } from './storage';

describe('joinLocation', () => {
  it('joins with one slash, and leaves empty parts out (an unpartitioned table)', () => {
    expect(joinLocation('s3://b/lake/', '/data/', 'tenant_id=acme', 'f.parquet')).toBe(
      's3://b/lake/data/tenant_id=acme/f.parquet',
    );
    expect(joinLocation('s3://b/lake/t', 'data', '', 'f.parquet')).toBe('s3://b/lake/t/data/f.parquet');
    expect(joinLocation('/abs/lake', 'metadata')).toBe('/abs/lake/metadata');
  });
});
