import { binlogOrdinal } from '@lakestream/schemas';
import { changeEventAt } from '@lakestream/testkit';
import { LosslessNumber } from 'lossless-json';
import { attributesMap, type ProjectedRow, projectChange } from './items';

const position = (pos: number) => ({
  source: 'binlog' as const,
  file: 'binlog.000003',
  pos: BigInt(pos),
  row: 0,
  gtid: null,
  txId: null,
  snapshot: false,
  ordinal: binlogOrdinal({ file: 'binlog.000003', pos, row: 0 }),
});

const product = {
  sku: 'ACME-TEC-00001',
  tenant_id: 'acme',
  vendor_id: 7n,
  name: 'Laptop',
  category: 'Technology',
  subcategory: 'Computers',
  brand: 'Acme',
  list_price_usd: '999.00',
  unit_cost_usd: '700.00',
  attributes: '{"ram_gb":16,"ports":["usb-c"]}',
  active: true,
  created_at: 1_000n,
  updated_at: 2_000_123n,
};

const stock = {
  sku: 'ACME-TEC-00001',
  warehouse_id: 'ACME-WH-US-CA-01',
  tenant_id: 'acme',
  on_hand: 10,
  reserved: 3,
  reorder_point: 5,
  created_at: 1_000n,
  updated_at: 2_000_123n,
};

const change = (table: string, op: 'c' | 'u' | 'd' | 'r', key: string, row: ProjectedRow) =>
  changeEventAt({
    table,
    op,
    key,
    row,
    tenantId: 'acme',
    pos: 42,
    file: 'binlog.000003',
    committedAt: 5_000,
  });

const options = { now: 10_000_000, tombstoneTtlSeconds: 3600 };

describe('projectChange', () => {
  it("keeps an enriched change's revision (a re-emission), and none for a first emission", () => {
    const enriched = (revision: number) => ({
      ...change('inventory', 'u', `${stock.sku}|${stock.warehouse_id}`, stock),
      enrichment: { status: 'complete' as const, missing: [], revision, piiKeyId: null },
    });
    const revisionOf = (projection: ReturnType<typeof projectChange>) =>
      projection.type === 'put' ? projection.item.enrichmentRevision : 'not a put';
    expect(revisionOf(projectChange(enriched(2), options))).toBe(2);
    expect(revisionOf(projectChange(enriched(0), options))).toBeUndefined();
  });

  it('maps a product with its attributes as a map', () => {
    const projection = projectChange(change('products', 'c', product.sku, product), options);
    expect(projection).toEqual({
      type: 'put',
      kind: 'product',
      key: { pk: 'T#acme#SKU#ACME-TEC-00001', sk: 'PRODUCT' },
      problems: [],
      item: {
        pk: 'T#acme#SKU#ACME-TEC-00001',
        sk: 'PRODUCT',
        kind: 'product',
        tenantId: 'acme',
        sourceOrdinal: position(42).ordinal,
        committedAt: 5_000_000,
        sku: 'ACME-TEC-00001',
        name: 'Laptop',
        category: 'Technology',
        subcategory: 'Computers',
        brand: 'Acme',
        vendorId: '7',
        listPriceUsd: '999.00',
        active: true,
        attributes: { ram_gb: new LosslessNumber('16'), ports: ['usb-c'] },
        updatedAt: 2_000_123,
      },
    });
  });

  it('maps stock with available and the low-stock index keys', () => {
    const projection = projectChange(
      change('inventory', 'u', `${stock.sku}|${stock.warehouse_id}`, stock),
      options,
    );
    expect(projection.type).toBe('put');
    if (projection.type !== 'put') return;
    expect(projection.item).toMatchObject({
      pk: 'T#acme#SKU#ACME-TEC-00001',
      sk: 'STOCK#ACME-WH-US-CA-01',
      gsi1pk: 'T#acme#WH#ACME-WH-US-CA-01',
      gsi1sk: 7,
      onHand: 10,
      reserved: 3,
      available: 7,
      reorderPoint: 5,
    });
  });

  it('maps a warehouse', () => {
    const warehouse = {
      warehouse_id: 'W1',
      tenant_id: 'acme',
      market_id: 'US',
      name: 'Main',
      address_line1: '1 Road',
      city: 'Fresno',
      postal_code: '93650',
      country_code: 'US',
      created_at: 1n,
      updated_at: 2n,
    };
    const projection = projectChange(change('warehouses', 'r', 'W1', warehouse), options);
    expect(projection.type === 'put' && projection.item).toMatchObject({
      pk: 'T#acme#WH#W1',
      sk: 'WAREHOUSE',
      kind: 'warehouse',
      marketId: 'US',
      countryCode: 'US',
    });
  });

  it('turns a delete into a tombstone without index keys, expiring after the TTL', () => {
    const projection = projectChange(
      change('inventory', 'd', `${stock.sku}|${stock.warehouse_id}`, stock),
      options,
    );
    expect(projection).toEqual({
      type: 'tombstone',
      kind: 'stock',
      key: { pk: 'T#acme#SKU#ACME-TEC-00001', sk: 'STOCK#ACME-WH-US-CA-01' },
      problems: [],
      item: {
        pk: 'T#acme#SKU#ACME-TEC-00001',
        sk: 'STOCK#ACME-WH-US-CA-01',
        kind: 'stock',
        tenantId: 'acme',
        sourceOrdinal: position(42).ordinal,
        committedAt: 5_000_000,
        deleted: true,
        expiresAt: 10_000 + 3600,
      },
    });
  });

  it('keys a delete without a before image from the canonical key', () => {
    const event = { ...change('products', 'd', 'A\\|B', product), before: null };
    const projection = projectChange(event, options);
    expect(projection.type === 'tombstone' && projection.key).toEqual({
      pk: 'T#acme#SKU#A|B',
      sk: 'PRODUCT',
    });
  });

  it('escapes # and % in key parts so keys cannot collide', () => {
    const a = projectChange(change('products', 'c', 'X#1', { ...product, sku: 'X#1' }), options);
    const b = projectChange(change('products', 'c', 'X%231', { ...product, sku: 'X%231' }), options);
    expect(a.type === 'put' && a.key.pk).toBe('T#acme#SKU#X%231');
    expect(b.type === 'put' && b.key.pk).toBe('T#acme#SKU#X%25231');
  });

  it('refuses changes it cannot place', () => {
    expect(projectChange(change('orders', 'c', '1', product), options).type).toBe('invalid');
    const noTenant = { ...change('products', 'd', product.sku, product), tenantId: null, before: null };
    expect(projectChange(noTenant, options)).toEqual({
      type: 'invalid',
      reason: 'products change ACME-TEC-00001 has no tenant',
    });
  });
});

describe('attributesMap', () => {
  it('keeps any keys and reports what is not an object', () => {
    const problems: string[] = [];
    expect(attributesMap('{"new_key":{"nested":true}}', problems)).toEqual({ new_key: { nested: true } });
    expect(attributesMap('[1]', problems)).toEqual({});
    expect(attributesMap('{', problems)).toEqual({});
    expect(problems).toEqual(['attributes is not a JSON object', 'attributes is not valid JSON']);
  });
});
