import { applyTransform, bindSpec, partitionOf, partitionPath, resultType } from './partition';
import type { IcebergSchema } from './types';

const schema: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'tenant_id', required: false, type: 'string' },
    { id: 2, name: 'committed_at', required: true, type: 'timestamptz' },
    { id: 3, name: 'id', required: true, type: 'long' },
  ],
};

describe('partition transforms (spec "Partition Transforms")', () => {
  it('day is the floor of the timestamp in days, also before 1970', () => {
    expect(applyTransform('day', { type: 'timestamptz', value: 0n })).toBe(0);
    expect(applyTransform('day', { type: 'timestamptz', value: 86_400_000_000n - 1n })).toBe(0);
    expect(applyTransform('day', { type: 'timestamptz', value: -1n })).toBe(-1);
    expect(applyTransform('day', { type: 'date', value: 20_000 })).toBe(20_000);
  });

  it('bucket follows the spec example: bucket of 34L hashes to 2017239379', () => {
    expect(applyTransform('bucket[16]', { type: 'long', value: 34n })).toBe(2017239379 % 16);
    expect(applyTransform('bucket[4]', { type: 'string', value: 'iceberg' })).toBe(1210000089 % 4);
  });

  it('nulls stay null under every transform', () => {
    for (const transform of ['identity', 'day', 'bucket[4]'] as const) {
      expect(applyTransform(transform, { type: 'long', value: null })).toBeNull();
    }
  });

  it('names result types as the spec does', () => {
    expect(resultType('day', 'timestamptz')).toBe('date');
    expect(resultType('bucket[4]', 'string')).toBe('int');
    expect(resultType('identity', 'string')).toBe('string');
  });

  it('puts the tenant first in the folder names', () => {
    const fields = bindSpec(
      {
        'spec-id': 0,
        fields: [
          { 'source-id': 1, 'field-id': 1000, name: 'tenant_id', transform: 'identity' },
          { 'source-id': 2, 'field-id': 1001, name: 'committed_at_day', transform: 'day' },
          { 'source-id': 3, 'field-id': 1002, name: 'id_bucket', transform: 'bucket[4]' },
        ],
      },
      schema,
    );
    const values = partitionOf(fields, {
      tenant_id: 'a cme/x',
      committed_at: 1_510_871_468_000_000n,
      id: 34n,
    });
    expect(values).toEqual(['a cme/x', 17486, 2017239379 % 4]);
    expect(partitionPath(fields, values)).toBe(
      `tenant_id=a%20cme%2Fx/committed_at_day=2017-11-16/id_bucket=${2017239379 % 4}`,
    );
    expect(partitionPath(fields, [null, null, null])).toBe(
      'tenant_id=null/committed_at_day=null/id_bucket=null',
    );
  });
});
