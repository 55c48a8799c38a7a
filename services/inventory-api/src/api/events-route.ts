import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors';
import { errorResponses, withPathParams } from './responses';
import { inventoryView } from './routes';
import { noQuery, skuParams } from './schemas';
import { sseFrame, type TenantStockEvent } from './stock-event';
import type { StockHub } from './stock-hub';
import type { InventoryStore } from './store';

export interface StockStreams {
  hub: StockHub<TenantStockEvent>;
  /** False when the app was built without a stock event source: the route answers 503. */
  live: boolean;
  /** The raw responses of the open streams, so app close can end them. */
  open: Set<ServerResponse>;
  keepAliveMs: number;
}

/**
 * `GET /v1/inventory/:sku/events`, Server-Sent Events (WHATWG HTML §9.2): a `snapshot` of the SKU's
 * stock as GET /v1/inventory/:sku answers it, then a `stock` event per change of the SKU in any
 * warehouse, with the source ordinal as `id`, and a comment line every `keepAliveMs` so proxies do
 * not drop an idle stream. The hub subscription starts before the snapshot is read and its events
 * wait until the snapshot is sent, so nothing falls between the two; a change may then arrive that
 * the snapshot already shows, which the ordinal lets a client recognise.
 */
export function stockEventsRoute(store: InventoryStore, streams: StockStreams) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { sku: string } }>(
      '/v1/inventory/:sku/events',
      {
        // HEAD of an event stream would open one to send nothing; it is a 405 instead.
        exposeHeadRoute: false,
        schema: {
          summary: 'Live stock changes of a SKU as Server-Sent Events',
          description:
            'An `event: snapshot` with the stock as GET /v1/inventory/{sku} returns it, then an ' +
            '`event: stock` per change (`id` = source ordinal; data = sku, warehouseId, onHand, ' +
            'reserved, available, committedAt, op), and a `: keep-alive` comment every 15 s.',
          tags: ['inventory'],
          security: [{ apiKey: [] }],
          params: skuParams,
          querystring: noQuery,
          produces: ['text/event-stream'],
          response: {
            200: {
              description: 'An event stream',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...errorResponses([...withPathParams, 404]),
          },
        },
      },
      async (request, reply) => {
        if (!streams.live) throw new ApiError('UNAVAILABLE', 'stock events are not enabled');
        const { tenant } = request;
        const { sku } = request.params;
        const pending: TenantStockEvent[] = [];
        let send: (change: TenantStockEvent) => void = (change) => pending.push(change);
        const unsubscribe = streams.hub.subscribe(tenant, sku, (change) => send(change));
        let snapshot: ReturnType<typeof inventoryView>;
        try {
          const { product, stock } = await store.skuPartition(tenant, sku);
          if (!product && stock.length === 0) throw new ApiError('NOT_FOUND', 'no such resource');
          snapshot = inventoryView(sku, stock);
        } catch (error) {
          unsubscribe();
          throw error;
        }

        // From here on the response is ours, not Fastify's: it stays open until either side ends it.
        reply.hijack();
        const raw = reply.raw;
        if (raw.destroyed || request.raw.destroyed) {
          // The client left while the snapshot was read: its 'close' has already fired.
          unsubscribe();
          return;
        }
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
          // nginx and its kin buffer responses unless told not to; an event stream must not be.
          'x-accel-buffering': 'no',
        });
        streams.open.add(raw);
        const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), streams.keepAliveMs);
        keepAlive.unref();
        raw.on('close', () => {
          clearInterval(keepAlive);
          unsubscribe();
          streams.open.delete(raw);
        });
        raw.write(sseFrame('snapshot', snapshot));
        send = (change) => raw.write(sseFrame('stock', change.event, change.ordinal));
        for (const change of pending.splice(0)) send(change);
      },
    );
  };
}
