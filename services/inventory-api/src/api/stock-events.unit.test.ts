import { binlogOrdinal, type ChangeEvent, type InventoryRow } from '@lakestream/schemas';
import { sseFrame, stockEventOf } from './stock-event';
import { stockHub } from './stock-hub';

describe('stockHub', () => {
  it('delivers an event only to the subscribers of its tenant and SKU', () => {
    const hub = stockHub<string>();
    const got: string[] = [];
    hub.subscribe('a', 'SKU-1', (e) => got.push(`a1:${e}`));
    hub.subscribe('a', 'SKU-1', (e) => got.push(`a1bis:${e}`));
    hub.subscribe('a', 'SKU-2', (e) => got.push(`a2:${e}`));
    hub.subscribe('b', 'SKU-1', (e) => got.push(`b1:${e}`));
    hub.publish('a', 'SKU-1', 'x');
    hub.publish('b', 'SKU-1', 'y');
    hub.publish('c', 'SKU-1', 'z');
    expect(got).toEqual(['a1:x', 'a1bis:x', 'b1:y']);
    expect(hub.size()).toBe(4);
  });

  it('does not mix up tenants and SKUs that concatenate alike', () => {
    const hub = stockHub<string>();
    const got: string[] = [];
    hub.subscribe('ab', 'c', (e) => got.push(e));
    hub.publish('a', 'bc', 'wrong');
    expect(got).toEqual([]);
  });

  it('unsubscribes once, even when called twice or while an event is delivered', () => {
    const hub = stockHub<number>();
    const got: number[] = [];
    const listener = (e: number) => got.push(e);
    const first = hub.subscribe('a', 'S', listener);
    const second = hub.subscribe('a', 'S', listener);
    let selfRemoving: () => void = () => undefined;
    selfRemoving = hub.subscribe('a', 'S', () => selfRemoving());
    hub.publish('a', 'S', 1);
    expect(hub.size()).toBe(2);
    first();
    first();
    expect(hub.size()).toBe(1);
    hub.publish('a', 'S', 2);
    second();
    expect(hub.size()).toBe(0);
    hub.publish('a', 'S', 3);
    expect(got).toEqual([1, 1, 2]);
  });
});

const row: InventoryRow = {
  sku: 'SKU|1',
  warehouse_id: 'WH-1',
  tenant_id: 'acme',
  on_hand: 10,
  reserved: 3,
  reorder_point: 2,
  created_at: 0n,
  updated_at: 0n,
};

const change = (op: 'c' | 'u' | 'd', extra: Partial<ChangeEvent<InventoryRow>> = {}) => ({
  table: 'inventory',
  op,
  key: 'SKU\\|1|WH-1',
  before: op === 'c' ? null : row,
  after: op === 'd' ? null : row,
  sourcePosition: {
    source: 'binlog' as const,
    file: 'binlog.000001',
    pos: 42n,
    row: 0,
    gtid: null,
    txId: null,
    snapshot: false,
    ordinal: binlogOrdinal({ file: 'binlog.000001', pos: 42, row: 0 }),
  },
  committedAt: BigInt(Date.parse('2025-03-01T10:00:00.000Z')) * 1000n + 123_456n,
  tenantId: 'acme',
  schemaVersion: 1,
  ...extra,
});

describe('stockEventOf', () => {
  it('maps an inventory change to its tenant, ordinal and stock', () => {
    expect(stockEventOf(change('u'))).toEqual({
      tenantId: 'acme',
      ordinal: binlogOrdinal({ file: 'binlog.000001', pos: 42, row: 0 }),
      event: {
        sku: 'SKU|1',
        warehouseId: 'WH-1',
        onHand: 10,
        reserved: 3,
        available: 7,
        committedAt: '2025-03-01T10:00:00.123456Z',
        op: 'u',
      },
    });
  });

  it('reports a delete as no stock, with the tenant of the row before', () => {
    expect(stockEventOf(change('d', { tenantId: null }))).toMatchObject({
      tenantId: 'acme',
      event: { onHand: 0, reserved: 0, available: 0, op: 'd' },
    });
  });

  it('passes over other tables, changes without a tenant or image, and unparseable keys', () => {
    expect(stockEventOf(change('u', { table: 'products' }))).toBeUndefined();
    expect(stockEventOf(change('c', { after: null }))).toBeUndefined();
    expect(stockEventOf(change('d', { tenantId: null, before: null }))).toBeUndefined();
    expect(stockEventOf(change('u', { key: 'no-warehouse' }))).toBeUndefined();
  });
});

describe('sseFrame', () => {
  it('writes id, event and one data line, ended by a blank line', () => {
    expect(sseFrame('stock', { a: 'x\ny' }, 'o1')).toBe('id: o1\nevent: stock\ndata: {"a":"x\\ny"}\n\n');
    expect(sseFrame('snapshot', 1)).toBe('event: snapshot\ndata: 1\n\n');
  });
});
