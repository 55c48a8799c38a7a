/**
 * The DynamoDB single-table design of the inventory view: the contract between the projector, which
 * writes it, and the API, which reads it. Every key starts with the tenant, so a tenant-scoped
 * request can only ever address its own items.
 *
 * | item      | pk                          | sk                   | gsi1pk                      | gsi1sk (N)  |
 * | --------- | --------------------------- | -------------------- | --------------------------- | ----------- |
 * | product   | `T#<tenant>#SKU#<sku>`      | `PRODUCT`            | –                           | –           |
 * | stock     | `T#<tenant>#SKU#<sku>`      | `STOCK#<warehouse>`  | `T#<tenant>#WH#<warehouse>` | available   |
 * | warehouse | `T#<tenant>#WH#<warehouse>` | `WAREHOUSE`          | –                           | –           |
 *
 * GSI1 answers "stock in warehouse W below N", sorted by what is available. Every item carries the
 * source ordinal of the change that wrote it (`sourceOrdinal`, libs/schemas position.ts) and its
 * enrichment revision, and every write is conditional on (ordinal, revision) being older, so replays
 * and redeliveries never overwrite newer state.
 * A source delete leaves a tombstone (`deleted: true`, hidden from the API, removed by DynamoDB TTL
 * via `expiresAt`), because removing the item outright would let a redelivered older change bring
 * it back.
 */
export const tableDefaults = { name: 'lakestream-inventory', gsi: 'gsi1-warehouse-available' } as const;

// `%` is escaped first, so the encoding is reversible and `a#b` and `a%23b` never share a key.
const part = (text: string) => text.replace(/%/g, '%25').replace(/#/g, '%23');

export const productKey = (tenant: string, sku: string) => ({
  pk: `T#${part(tenant)}#SKU#${part(sku)}`,
  sk: 'PRODUCT',
});
export const stockKey = (tenant: string, sku: string, warehouse: string) => ({
  pk: `T#${part(tenant)}#SKU#${part(sku)}`,
  sk: `STOCK#${part(warehouse)}`,
});
export const warehouseKey = (tenant: string, warehouse: string) => ({
  pk: `T#${part(tenant)}#WH#${part(warehouse)}`,
  sk: 'WAREHOUSE',
});
export const warehouseStockPartition = (tenant: string, warehouse: string) =>
  `T#${part(tenant)}#WH#${part(warehouse)}`;

/** What every projected item carries about the change that wrote it. */
export interface Provenance {
  tenantId: string;
  sourceOrdinal: string;
  /**
   * Which emission of the source change wrote it: the enricher's `enrichment.revision` (a change
   * enriched again once a late reference arrived); absent or 0 for a first emission, and for a
   * change read from the changes topics. Same ordinal, higher revision: the later enrichment wins.
   */
  enrichmentRevision?: number;
  /**
   * Source commit time, UTC epoch µs: how fresh the item is. A number, exact up to 2255 (MariaDB's
   * TIMESTAMP ends in 2038).
   */
  committedAt: number;
  deleted?: boolean;
  /** Epoch seconds; DynamoDB TTL removes tombstones after it. */
  expiresAt?: number;
}

export interface ProductItem extends Provenance {
  kind: 'product';
  sku: string;
  name: string;
  category: string;
  subcategory: string;
  brand: string;
  vendorId: string;
  listPriceUsd: string;
  active: boolean;
  /** The category-specific attributes, as a DynamoDB map: new keys need no migration. */
  attributes: Record<string, unknown>;
  /** The row's updated_at, UTC epoch µs. */
  updatedAt: number;
}

export interface StockItem extends Provenance {
  kind: 'stock';
  sku: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  available: number;
  reorderPoint: number;
  updatedAt: number;
}

export interface WarehouseItem extends Provenance {
  kind: 'warehouse';
  warehouseId: string;
  name: string;
  marketId: string;
  city: string;
  countryCode: string;
}

export type InventoryItem = ProductItem | StockItem | WarehouseItem;
