import { eventAccess } from './access';
import type { SimEvent } from './changes';
import { RowOrder } from './row-order';

const event = (changes: SimEvent['changes']): SimEvent => ({
  seq: 1,
  kind: 'order.place',
  tenantId: 't',
  changes,
});

describe('eventAccess', () => {
  it('writes the rows it changes and reads the parents its inserts point at', () => {
    const access = eventAccess(
      event([
        { op: 'c', table: 'orders', creates: { ref: 1 }, rows: [{ tenant_id: 't', customer_id: 5 }] },
        { op: 'c', table: 'order_items', rows: [{ tenant_id: 't', order_id: { ref: 1 }, sku: 'A' }] },
        {
          op: 'u',
          table: 'inventory',
          set: { reserved: { add: 1 } },
          where: { sku: 'A', warehouse_id: 'W' },
        },
      ]),
    );
    expect(access).toEqual([
      { key: 'orders:#1', write: true },
      { key: 'customers:5', write: false },
      { key: 'products:A', write: false },
      { key: 'inventory:A|W', write: true },
    ]);
  });
});

describe('RowOrder', () => {
  /** An event that records when it starts and finishes only when the test says so. */
  function track(order: RowOrder, log: string[], name: string, access: { key: string; write: boolean }[]) {
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const started = order.enter(access, done).then(() => log.push(`start ${name}`));
    return {
      started,
      finish: async () => {
        log.push(`end ${name}`);
        finish();
        await done;
      },
    };
  }

  it('runs a writer after the earlier readers and writers of its row, and readers together', async () => {
    const order = new RowOrder();
    const log: string[] = [];
    const w1 = track(order, log, 'w1', [{ key: 'k', write: true }]);
    const r1 = track(order, log, 'r1', [{ key: 'k', write: false }]);
    const r2 = track(order, log, 'r2', [{ key: 'k', write: false }]);
    const w2 = track(order, log, 'w2', [{ key: 'k', write: true }]);
    const other = track(order, log, 'other', [{ key: 'x', write: true }]);
    await w1.started;
    await other.started;
    expect(log).toEqual(['start w1', 'start other']);
    await w1.finish();
    await Promise.all([r1.started, r2.started]);
    expect(log.slice(2)).toEqual(['end w1', 'start r1', 'start r2']);
    await r1.finish();
    await r2.finish();
    await w2.started;
    expect(log.at(-1)).toBe('start w2');
    await w2.finish();
    await other.finish();
    expect(order.size).toBe(0);
  });
});
