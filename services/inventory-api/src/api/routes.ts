import { isoFromMicros } from '@lakestream/schemas';
import type { FastifyInstance } from 'fastify';
import type { ProductItem, StockItem } from '../items';
import { decodeCursor, encodeCursor } from './cursor';
import { ApiError } from './errors';
import { sendRead } from './read-reply';
import { errorResponses, withBody, withPathParams } from './responses';
import {
  batchGetBody,
  batchGetResponse,
  freshnessHeaders,
  inventorySchema,
  lowStockParams,
  lowStockQuery,
  lowStockResponse,
  noQuery,
  notModified,
  productSchema,
  skuParams,
} from './schemas';
import type { InventoryStore } from './store';

const iso = (micros: number | undefined) => (typeof micros === 'number' ? isoFromMicros(micros) : undefined);

const productView = (p: ProductItem) => ({
  sku: p.sku,
  name: p.name,
  category: p.category,
  subcategory: p.subcategory,
  brand: p.brand,
  vendorId: p.vendorId,
  listPriceUsd: p.listPriceUsd,
  active: p.active,
  attributes: p.attributes ?? {},
  updatedAt: iso(p.updatedAt),
  committedAt: iso(p.committedAt),
});

const stockView = (s: StockItem) => ({
  warehouseId: s.warehouseId,
  onHand: s.onHand,
  reserved: s.reserved,
  available: s.available,
  reorderPoint: s.reorderPoint,
  updatedAt: iso(s.updatedAt),
  committedAt: iso(s.committedAt),
});

export const inventoryView = (sku: string, stock: StockItem[]) => ({
  sku,
  totalAvailable: stock.reduce((sum, s) => sum + Math.max(0, s.available), 0),
  warehouses: stock.map(stockView).sort((a, b) => a.warehouseId.localeCompare(b.warehouseId)),
});

const notFound = () => new ApiError('NOT_FOUND', 'no such resource');

/** Runs `task` over `inputs` with at most `limit` in flight, keeping the input order. */
async function mapLimited<I, O>(inputs: I[], limit: number, task: (input: I) => Promise<O>): Promise<O[]> {
  const out: O[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < inputs.length; i = next++) out[i] = await task(inputs[i] as I);
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return out;
}

const security = [{ apiKey: [] }];

/** The tenant-scoped /v1 routes; `request.tenant` is set by the auth hook before any of them run. */
export function v1Routes(store: InventoryStore, now: () => number) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { sku: string } }>(
      '/v1/products/:sku',
      {
        schema: {
          summary: 'A product with its category-specific attributes',
          tags: ['products'],
          security,
          params: skuParams,
          querystring: noQuery,
          response: {
            200: { ...productSchema, description: 'The product', headers: freshnessHeaders },
            304: notModified,
            ...errorResponses([...withPathParams, 404]),
          },
        },
      },
      async (request, reply) => {
        const product = await store.product(request.tenant, request.params.sku);
        if (!product) throw notFound();
        return sendRead(request, reply, productView(product), [product.committedAt], now, true);
      },
    );

    app.get<{ Params: { sku: string } }>(
      '/v1/inventory/:sku',
      {
        schema: {
          summary: 'Stock of a SKU per warehouse and the total available',
          tags: ['inventory'],
          security,
          params: skuParams,
          querystring: noQuery,
          response: {
            200: { ...inventorySchema, description: 'Its stock', headers: freshnessHeaders },
            304: notModified,
            ...errorResponses([...withPathParams, 404]),
          },
        },
      },
      async (request, reply) => {
        const { sku } = request.params;
        const { product, stock } = await store.skuPartition(request.tenant, sku);
        if (!product && stock.length === 0) throw notFound();
        const committed = stock.length > 0 ? stock.map((s) => s.committedAt) : [product?.committedAt ?? 0];
        return sendRead(request, reply, inventoryView(sku, stock), committed, now);
      },
    );

    app.post<{ Body: { skus: string[]; warehouseIds?: string[] } }>(
      '/v1/inventory::batchGet',
      {
        schema: {
          summary: 'Stock of up to 100 SKUs in one call',
          tags: ['inventory'],
          security,
          querystring: noQuery,
          body: batchGetBody,
          response: {
            200: {
              ...batchGetResponse,
              description: 'The SKUs found, each with its stock, and those not found',
              headers: freshnessHeaders,
            },
            // A read, though a POST: a client that kept the ETag may revalidate the same batch.
            304: notModified,
            ...errorResponses(withBody),
          },
        },
      },
      async (request, reply) => {
        const skus = [...new Set(request.body.skus)];
        const warehouses = request.body.warehouseIds ? [...new Set(request.body.warehouseIds)] : undefined;
        let perSku: { sku: string; found: boolean; stock: StockItem[] }[];
        if (warehouses) {
          const stock = await store.stockBatch(request.tenant, skus, warehouses);
          perSku = skus.map((sku) => {
            const mine = stock.filter((s) => s.sku === sku);
            return { sku, found: mine.length > 0, stock: mine };
          });
        } else {
          perSku = await mapLimited(skus, 10, async (sku) => {
            const { product, stock } = await store.skuPartition(request.tenant, sku);
            return { sku, found: product !== undefined || stock.length > 0, stock };
          });
        }
        const body = {
          items: perSku.filter((s) => s.found).map((s) => inventoryView(s.sku, s.stock)),
          notFound: perSku.filter((s) => !s.found).map((s) => s.sku),
        };
        const committed = perSku.flatMap((s) => s.stock.map((item) => item.committedAt));
        return sendRead(request, reply, body, committed, now);
      },
    );

    app.get<{ Params: { id: string }; Querystring: { below: number; limit: number; cursor?: string } }>(
      '/v1/warehouses/:id/low-stock',
      {
        schema: {
          summary: 'Stock in a warehouse with less than `below` available, lowest first, paginated',
          tags: ['inventory'],
          security,
          params: lowStockParams,
          querystring: lowStockQuery,
          response: {
            // An unknown warehouse is an empty page, not a 404: stock may yet arrive there.
            200: { ...lowStockResponse, description: 'One page, lowest first', headers: freshnessHeaders },
            304: notModified,
            ...errorResponses(withPathParams),
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const { below, limit, cursor } = request.query;
        const start = cursor
          ? decodeCursor(cursor, { tenant: request.tenant, warehouse: id, below })
          : undefined;
        const page = await store.lowStock(request.tenant, id, below, limit, start);
        const body = {
          warehouseId: id,
          below,
          items: page.items.map((s) => ({ sku: s.sku, ...stockView(s) })),
          ...(page.lastKey ? { nextCursor: encodeCursor(page.lastKey) } : {}),
        };
        return sendRead(
          request,
          reply,
          body,
          page.items.map((s) => s.committedAt),
          now,
        );
      },
    );
  };
}
