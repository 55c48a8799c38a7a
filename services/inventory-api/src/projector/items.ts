import {
  type ChangeEvent,
  type EnrichedEvent,
  type InventoryRow,
  type ProductsRow,
  parseCanonicalKey,
  type WarehousesRow,
} from '@lakestream/schemas';
import { parseExactJson } from '../exact-json';
import {
  type InventoryItem,
  type ProductItem,
  type Provenance,
  productKey,
  type StockItem,
  stockKey,
  type WarehouseItem,
  warehouseKey,
  warehouseStockPartition,
} from '../items';

export type ItemKind = InventoryItem['kind'];
export const PROJECTED_TABLES = ['products', 'warehouses', 'inventory'] as const;
export type ProjectedTable = (typeof PROJECTED_TABLES)[number];

export interface ItemKey {
  pk: string;
  sk: string;
}

/** What the table stores for a live item: the API's item plus its keys (and GSI1 keys for stock). */
export type StoredItem = InventoryItem & ItemKey & { gsi1pk?: string; gsi1sk?: number };

/** What a source delete leaves: no fields and no GSI keys (so it leaves the low-stock index), a TTL. */
export interface Tombstone extends ItemKey, Provenance {
  kind: ItemKind;
  deleted: true;
  expiresAt: number;
}

export type Projection =
  | { type: 'put'; kind: ItemKind; key: ItemKey; item: StoredItem; problems: string[] }
  | { type: 'tombstone'; kind: ItemKind; key: ItemKey; item: Tombstone; problems: string[] }
  /**
   * A source TRUNCATE as seen on one partition (libs/schemas README, Truncate): every item of this
   * kind whose key the partition holds and whose change is older than `ordinal` becomes a tombstone.
   */
  | { type: 'truncate'; kind: ItemKind; table: ProjectedTable; ordinal: string; committedAt: number }
  /** A change that cannot become an item (no tenant, unknown table, no row image). */
  | { type: 'invalid'; reason: string };

export interface ProjectOptions {
  /** Epoch ms; a tombstone expires `tombstoneTtlSeconds` after it was written. */
  now: number;
  tombstoneTtlSeconds: number;
}

export type ProjectedRow = ProductsRow | InventoryRow | WarehousesRow;

const kindOf: Record<ProjectedTable, ItemKind> = {
  products: 'product',
  warehouses: 'warehouse',
  inventory: 'stock',
};

const isProjected = (table: string): table is ProjectedTable =>
  (PROJECTED_TABLES as readonly string[]).includes(table);

/**
 * Maps one ChangeEvent of products, warehouses or inventory to the item it leaves in the table
 * (items.ts): a full item for c/u/r, a tombstone for d, the truncate of a partition's keys for t.
 * Pure: the clock comes in as `now`.
 */
export function projectChange(event: ChangeEvent<ProjectedRow>, options: ProjectOptions): Projection {
  if (!isProjected(event.table)) return { type: 'invalid', reason: `table ${event.table} is not projected` };
  const table = event.table;
  if (event.op === 't') {
    const { ordinal } = event.sourcePosition;
    return { type: 'truncate', kind: kindOf[table], table, ordinal, committedAt: Number(event.committedAt) };
  }
  const row = event.after ?? event.before;
  const tenant = event.tenantId ?? row?.tenant_id ?? null;
  if (tenant === null) return { type: 'invalid', reason: `${table} change ${event.key} has no tenant` };
  let key: ItemKey;
  try {
    key = keyOf(table, tenant, event.key);
  } catch (error) {
    return { type: 'invalid', reason: `${table} key ${event.key}: ${(error as Error).message}` };
  }
  const revision = (event as Partial<EnrichedEvent<ProjectedRow>>).enrichment?.revision ?? 0;
  const provenance: Provenance = {
    tenantId: tenant,
    sourceOrdinal: event.sourcePosition.ordinal,
    // Stored only when not 0, so items of the changes topics stay as they were.
    ...(revision > 0 ? { enrichmentRevision: revision } : {}),
    committedAt: Number(event.committedAt),
  };
  const kind = kindOf[table];
  if (event.op === 'd') {
    const expiresAt = Math.floor(options.now / 1000) + options.tombstoneTtlSeconds;
    return {
      type: 'tombstone',
      kind,
      key,
      item: { ...key, ...provenance, kind, deleted: true, expiresAt },
      problems: [],
    };
  }
  if (!event.after)
    return { type: 'invalid', reason: `${table} ${event.op} change ${event.key} has no after` };
  const problems: string[] = [];
  const item = buildItem(table, event.after, key, provenance, tenant, problems);
  return { type: 'put', kind, key, item, problems };
}

function keyOf(table: ProjectedTable, tenant: string, canonical: string): ItemKey {
  switch (table) {
    case 'products':
      return productKey(tenant, parseCanonicalKey('products', canonical).sku);
    case 'warehouses':
      return warehouseKey(tenant, parseCanonicalKey('warehouses', canonical).warehouse_id);
    case 'inventory': {
      const { sku, warehouse_id } = parseCanonicalKey('inventory', canonical);
      return stockKey(tenant, sku, warehouse_id);
    }
  }
}

function buildItem(
  table: ProjectedTable,
  after: ProjectedRow,
  key: ItemKey,
  provenance: Provenance,
  tenant: string,
  problems: string[],
): StoredItem {
  switch (table) {
    case 'products': {
      const row = after as ProductsRow;
      const item: ProductItem = {
        ...provenance,
        kind: 'product',
        sku: row.sku,
        name: row.name,
        category: row.category,
        subcategory: row.subcategory,
        brand: row.brand,
        vendorId: row.vendor_id.toString(),
        listPriceUsd: row.list_price_usd,
        active: row.active,
        attributes: attributesMap(row.attributes, problems),
        updatedAt: Number(row.updated_at),
      };
      return { ...key, ...item };
    }
    case 'inventory': {
      const row = after as InventoryRow;
      const available = row.on_hand - row.reserved;
      const item: StockItem = {
        ...provenance,
        kind: 'stock',
        sku: row.sku,
        warehouseId: row.warehouse_id,
        onHand: row.on_hand,
        reserved: row.reserved,
        available,
        reorderPoint: row.reorder_point,
        updatedAt: Number(row.updated_at),
      };
      return {
        ...key,
        ...item,
        gsi1pk: warehouseStockPartition(tenant, row.warehouse_id),
        gsi1sk: available,
      };
    }
    case 'warehouses': {
      const row = after as WarehousesRow;
      const item: WarehouseItem = {
        ...provenance,
        kind: 'warehouse',
        warehouseId: row.warehouse_id,
        name: row.name,
        marketId: row.market_id,
        city: row.city,
        countryCode: row.country_code,
      };
      return { ...key, ...item };
    }
  }
}

/**
 * The JSON column as a DynamoDB map: whatever keys a category has, today or tomorrow, with no
 * migration, and every number exactly as the source wrote it (exact-json.ts). MariaDB's JSON type
 * guarantees valid JSON, but not an object; anything else becomes an empty map with a problem to log,
 * rather than a record the consumer could never get past.
 */
export function attributesMap(text: string, problems: string[]): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseExactJson(text);
  } catch {
    problems.push('attributes is not valid JSON');
    return {};
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push('attributes is not a JSON object');
    return {};
  }
  return parsed as Record<string, unknown>;
}
