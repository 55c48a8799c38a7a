import { changeEventSchema } from './change-event';
import { checkBackward } from './compatibility';
import type { FieldJson, RecordJson } from './schema-json';

const v1: RecordJson = {
  type: 'record',
  name: 'OrdersRow',
  namespace: 'lakestream.globalmart',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'total_amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    { name: 'ordered_at', type: { type: 'long', logicalType: 'local-timestamp-millis' } },
  ],
};
const withField = (field: FieldJson): RecordJson => ({ ...v1, fields: [...v1.fields, field] });
const replacing = (name: string, type: FieldJson['type']): RecordJson => ({
  ...v1,
  fields: v1.fields.map((field) => (field.name === name ? { ...field, type } : field)),
});

describe('checkBackward', () => {
  it('accepts the same schema', () => {
    expect(checkBackward(v1, v1)).toEqual({ compatible: true });
  });

  it('accepts a new optional field with default null (a column added at the source)', () => {
    expect(
      checkBackward(withField({ name: 'channel', type: ['null', 'string'], default: null }), v1),
    ).toEqual({
      compatible: true,
    });
  });

  it('accepts a removed field: the reader skips what it no longer knows', () => {
    expect(checkBackward({ ...v1, fields: v1.fields.slice(0, 2) }, v1)).toEqual({ compatible: true });
  });

  it('accepts a wider decimal precision at the same scale', () => {
    const wider = replacing('total_amount', {
      type: 'bytes',
      logicalType: 'decimal',
      precision: 14,
      scale: 2,
    });
    expect(checkBackward(wider, v1)).toEqual({ compatible: true });
  });

  it('rejects a new field without a default, naming it', () => {
    expect(checkBackward(withField({ name: 'channel', type: 'string' }), v1)).toEqual({
      compatible: false,
      reason:
        'lakestream.globalmart.OrdersRow.channel is new and has no default, so data written before it cannot be read',
    });
  });

  it('rejects a type change from long to string, naming the field and both types', () => {
    expect(checkBackward(replacing('id', 'string'), v1)).toEqual({
      compatible: false,
      reason: 'lakestream.globalmart.OrdersRow.id: data written as "long" cannot be read as "string"',
    });
  });

  it('rejects a decimal scale change, which would read every amount as another number', () => {
    const rescaled = replacing('total_amount', {
      type: 'bytes',
      logicalType: 'decimal',
      precision: 12,
      scale: 3,
    });
    const result = checkBackward(rescaled, v1);
    expect(result.compatible).toBe(false);
    expect(!result.compatible && result.reason).toContain('OrdersRow.total_amount: data written as');
    expect(!result.compatible && result.reason).toContain('"scale":2');
  });

  it('rejects reading a wall-clock timestamp as a UTC instant', () => {
    const instant = replacing('ordered_at', { type: 'long', logicalType: 'timestamp-millis' });
    expect(checkBackward(instant, v1).compatible).toBe(false);
  });

  it('finds the breaking field inside the row of a change event', () => {
    const result = checkBackward(
      changeEventSchema('orders', withField({ name: 'channel', type: 'string' })),
      changeEventSchema('orders', v1),
    );
    expect(result).toEqual({
      compatible: false,
      reason:
        'lakestream.v1.OrdersChangeEvent.before.channel is new and has no default, so data written before it cannot be read',
    });
  });
});
