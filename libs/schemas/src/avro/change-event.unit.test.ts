import type { ChangeEvent, OrdersRow } from '../generated';
import { changeEventSchema, ROW_PLACEHOLDER } from './change-event';
import { avroType } from './options';
import { rowHistory } from './schema-files';
import type { RecordJson } from './schema-json';

const ordersRow = rowHistory('orders').at(-1)?.schema as RecordJson;

const row: OrdersRow = {
  id: 9_007_199_254_740_993n,
  tenant_id: 'ACME',
  customer_id: 42n,
  market_id: 'US-CA',
  warehouse_id: 'ACME-WH-US-CA-01',
  status: 'paid',
  currency: 'USD',
  total_amount: '1234.50',
  ordered_at: BigInt(Date.UTC(2025, 10, 23, 9, 18, 0, 123)) * 1000n + 456n,
  shipped_at: null,
  delivered_at: null,
  created_at: 1_763_889_480_123_000n,
  updated_at: 1_763_889_480_456_789n,
};

const event: ChangeEvent<OrdersRow> = {
  table: 'orders',
  op: 'u',
  key: '9007199254740993',
  before: { ...row, status: 'pending' },
  after: row,
  sourcePosition: {
    source: 'binlog',
    file: 'binlog.000003',
    pos: 4_567n,
    row: 0,
    gtid: '0-1-1234',
    txId: '0-1-1234',
    snapshot: false,
    ordinal: 'b:0000000003:00000000000000004567:000000',
  },
  committedAt: 1_763_889_480_456_000n,
  tenantId: 'ACME',
  schemaVersion: 1,
};

describe('changeEventSchema', () => {
  const schema = changeEventSchema('orders', ordersRow);

  it('names the envelope after the entity and keeps the shared types in lakestream.v1', () => {
    expect(schema.name).toBe('OrdersChangeEvent');
    expect(schema.namespace).toBe('lakestream.v1');
    expect(avroType(schema).name).toBe('lakestream.v1.OrdersChangeEvent');
  });

  it('defines the row record at before and refers to it by name at after', () => {
    const field = (name: string) => schema.fields.find((f) => f.name === name)?.type;
    expect(field('before')).toEqual(['null', ordersRow]);
    expect(field('after')).toEqual(['null', 'lakestream.globalmart.OrdersRow']);
    expect(JSON.stringify(schema)).not.toContain(ROW_PLACEHOLDER);
  });

  it('round-trips an event with the README values: bigint ids and pos, decimal text, epoch µs', () => {
    const type = avroType(schema);
    expect(type.fromBuffer(type.toBuffer(event))).toEqual(event);
    const created = { ...event, op: 'c', before: null };
    expect(type.fromBuffer(type.toBuffer(created))).toEqual(created);
  });

  it('refuses a row record without a namespace, which would silently take lakestream.v1', () => {
    const { namespace: _, ...bare } = ordersRow;
    expect(() => changeEventSchema('orders', bare as RecordJson)).toThrow('needs a namespace');
  });

  it('refuses a template that has no place for the row', () => {
    const template: RecordJson = {
      type: 'record',
      name: 'ChangeEvent',
      fields: [{ name: 'key', type: 'string' }],
    };
    expect(() => changeEventSchema('orders', ordersRow, template)).toThrow(`names ${ROW_PLACEHOLDER}`);
  });
});
