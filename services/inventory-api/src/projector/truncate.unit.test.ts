import { keyPartition } from '@lakestream/kafka';
import { binlogOrdinal } from '@lakestream/schemas';
import { changeEventAt } from '@lakestream/testkit';
import { productKey, stockKey } from '../items';
import { type ProjectedRow, projectChange } from './items';
import { type LiveItem, sourceKeyOf, truncateTombstones } from './truncate';

const product = (sku: string): LiveItem => ({ ...productKey('acme', sku), tenantId: 'acme', sku });

describe('a source truncate in the projector', () => {
  it('is projected as the truncate of a partition, not as an invalid change', () => {
    const event = changeEventAt<ProjectedRow>({
      table: 'products',
      op: 't',
      key: '',
      row: null as unknown as ProjectedRow,
      tenantId: null,
      pos: 90,
      committedAt: 5,
    });
    event.before = null;
    event.after = null;
    expect(projectChange(event, { now: 0, tombstoneTtlSeconds: 60 })).toEqual({
      type: 'truncate',
      kind: 'product',
      table: 'products',
      ordinal: binlogOrdinal({ file: 'binlog.000001', pos: 90, row: 0 }),
      committedAt: 5_000,
    });
  });

  it("tombstones exactly the keys its partition holds, with the truncate's ordinal", () => {
    const items = Array.from({ length: 40 }, (_, i) => product(`SKU-${i}`));
    const partitions = 3;
    const all = [0, 1, 2].flatMap((partition) =>
      truncateTombstones(items, {
        table: 'products',
        kind: 'product',
        ordinal: 'b:9',
        committedAt: 7,
        partition,
        partitions,
        expiresAt: 100,
      }).map((t) => ({ partition, t })),
    );
    // Each item once, on the partition its key hashes to.
    expect(all.map(({ t }) => t.pk).sort()).toEqual(items.map((i) => i.pk).sort());
    for (const { partition, t } of all) {
      expect(keyPartition(t.pk.replace('T#acme#SKU#', ''), partitions)).toBe(partition);
      expect(t).toMatchObject({ deleted: true, sourceOrdinal: 'b:9', kind: 'product', expiresAt: 100 });
    }
  });

  it('finds the source key of stock from its sku and warehouse, escaped as cdc-ingest keys it', () => {
    const stock = { ...stockKey('acme', 'A|B', 'WH'), tenantId: 'acme', sku: 'A|B', warehouseId: 'WH' };
    expect(sourceKeyOf('inventory', stock)).toBe('A\\|B|WH');
    expect(sourceKeyOf('warehouses', { ...stock, warehouseId: 'WH-1' })).toBe('WH-1');
  });
});
