import type { SimEvent } from './changes';
import { renderEvent, UnresolvedRefError } from './render';

const event = (changes: SimEvent['changes']): SimEvent => ({
  seq: 1,
  kind: 'order.place',
  tenantId: 'acme',
  changes,
});

describe('renderEvent', () => {
  it('names a row created in the same event by a session variable, and one from an earlier event by its id', () => {
    const sql = renderEvent(
      event([
        {
          op: 'c',
          table: 'orders',
          creates: { ref: 7 },
          rows: [{ tenant_id: 'acme', customer_id: { ref: 3 } }],
        },
        {
          op: 'c',
          table: 'order_items',
          rows: [
            { tenant_id: 'acme', order_id: { ref: 7 }, sku: "O'NEIL-1" },
            { tenant_id: 'acme', order_id: { ref: 7 }, sku: 'B-2' },
          ],
        },
        {
          op: 'c',
          table: 'invoices',
          rows: [
            {
              tenant_id: 'acme',
              order_id: { ref: 7 },
              invoice_number: { prefix: 'ACME-2026-', idOf: { ref: 7 } },
            },
          ],
        },
      ]),
      (ref) => (ref.ref === 3 ? 1234 : undefined),
    ).map((s) => s.sql);
    expect(sql).toEqual([
      "INSERT INTO `orders` (`tenant_id`, `customer_id`) VALUES ('acme', 1234)",
      'SET @r7 = LAST_INSERT_ID()',
      "INSERT INTO `order_items` (`tenant_id`, `order_id`, `sku`) VALUES ('acme', @r7, 'O\\'NEIL-1'), ('acme', @r7, 'B-2')",
      "INSERT INTO `invoices` (`tenant_id`, `order_id`, `invoice_number`) VALUES ('acme', @r7, CONCAT('ACME-2026-', LPAD(@r7, GREATEST(8, CHAR_LENGTH(@r7)), '0')))",
    ]);
  });

  it('writes increments as relative updates and addresses rows by their key', () => {
    const [update, remove] = renderEvent(
      event([
        {
          op: 'u',
          table: 'inventory',
          set: { on_hand: { add: -3 }, reserved: { add: 2 } },
          where: { sku: 'S', warehouse_id: 'W' },
        },
        { op: 'd', table: 'payments', where: { id: 42 } },
      ]),
      () => undefined,
    );
    expect(update?.sql).toBe(
      "UPDATE `inventory` SET `on_hand` = `on_hand` - 3, `reserved` = `reserved` + 2 WHERE `sku` = 'S' AND `warehouse_id` = 'W'",
    );
    expect(remove?.sql).toBe('DELETE FROM `payments` WHERE `id` = 42');
  });

  it('refuses a row of this run whose insert never committed', () => {
    expect(() =>
      renderEvent(event([{ op: 'd', table: 'customers', where: { id: { ref: 9 } } }]), () => undefined),
    ).toThrow(UnresolvedRefError);
  });
});
