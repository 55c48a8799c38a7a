import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors';
import { errorResponses, withPathParams } from './responses';
import { inventoryView } from './routes';
import { noQuery, skuParams } from './schemas';
import { sseFrame, type TenantStockEvent } from './stock-event';
import type { StockFeed } from './stock-feed';
import type { StockHub } from './stock-hub';
import type { InventoryStore } from './store';

export interface StockStreams {
  hub: StockHub<TenantStockEvent>;
  /** Undefined when the app was built without a stock event source: the route answers 503. */
  feed: StockFeed | undefined;
  /** The raw responses of the open streams, so app close can end them. */
  open: Set<ServerResponse>;
  keepAliveMs: number;
}

/** Why the route cannot stream now, in the 503's message; undefined when it can. */
function whyUnavailable(feed: StockFeed | undefined): string | undefined {
  if (!feed) return 'stock events are not enabled';
  const status = feed.status();
  switch (status.state) {
    case 'running':
      return undefined;
    case 'unavailable':
      return `stock events unavailable: ${status.reason}`;
    case 'stopped':
      return 'stock events stopped: the server is shutting down';
    default:
      return 'stock events are starting';
  }
}

/**
 * `GET /v1/inventory/:sku/events`, Server-Sent Events (WHATWG HTML §9.2): a `snapshot` of the SKU's
 * stock as GET /v1/inventory/:sku answers it, then a `stock` event per change of the SKU in any
 * warehouse, with the source ordinal as `id`, and a comment line every `keepAliveMs` so proxies do
 * not drop an idle stream. The hub subscription starts before the snapshot is read and its events
 * wait until the snapshot is sent, so nothing falls between the two; a change may then arrive that
 * the snapshot already shows, which the ordinal lets a client recognise. While the stock event feed
 * is not running the route answers 503 with the reason; when it stops, open streams are ended (by
 * app.ts), since a stream that stays open but hears nothing would look current and be stale.
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
            ...errorResponses([...withPathParams, 404], {
              503:
                'The stock event feed is not running: the message says why (such as `Kafka unreachable` ' +
                'or `topic … does not exist`) while it retries; or DynamoDB unreachable, or the server ' +
                'shutting down',
            }),
          },
        },
      },
      async (request, reply) => {
        const before = whyUnavailable(streams.feed);
        if (before) throw new ApiError('UNAVAILABLE', before);
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
          // The feed may have stopped while the snapshot was read; from here to joining `open` nothing
          // awaits, so a stop cannot fall between this check and the stream being ended by it.
          const after = whyUnavailable(streams.feed);
          if (after) throw new ApiError('UNAVAILABLE', after);
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
