import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import swagger from '@fastify/swagger';
import fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { tableDefaults } from '../items';
import { ApiError, errorBody, errorSchema, handleError } from './errors';
import { type StockStreams, stockEventsRoute } from './events-route';
import { answerBeforeFastify, clientErrorHandler } from './http-edge';
import { apiMetrics } from './metrics';
import { type RouteTable, routeTable, unroutedHandler } from './route-table';
import { v1Routes } from './routes';
import type { StockEventSource, TenantStockEvent } from './stock-event';
import { stockFeed } from './stock-feed';
import { stockHub } from './stock-hub';
import { inventoryStore } from './store';
import { strictValidatorCompiler } from './validation';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant the request's API key is scoped to. */
    tenant: string;
  }
  interface FastifyInstance {
    /** Every route registered, for the 405 `allow` header and for checking the OpenAPI document. */
    routeTable: RouteTable;
  }
}

export interface AppOptions {
  dynamo: DynamoDBClient;
  tableName: string;
  indexName?: string;
  /** API key → tenant. */
  apiKeys: ReadonlyMap<string, string>;
  metricsRegistry: Registry;
  log?: FastifyBaseLogger;
  now?: () => number;
  /** Waits before retrying BatchGetItem UnprocessedKeys. */
  backoffMs?: (attempt: number) => number;
  /**
   * Where /v1/inventory/:sku/events gets its changes. Started in the background once the app is
   * ready and restarted until it runs (stock-feed.ts), so the app starts and serves reads without
   * Kafka; stopped on close. Without it the route answers 503.
   */
  stockEvents?: StockEventSource;
  /** Wait before the nth restart of the stock events source. */
  stockEventsBackoffMs?: (attempt: number) => number;
  /** Between the keep-alive comments of an event stream. */
  sseKeepAliveMs?: number;
}

const digest = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * The inventory read API as a Fastify instance built from its clients, so tests build it and send
 * it requests; api-main.ts owns the process (env, signals, listen). /metrics, /healthz and /readyz are
 * routes here rather than a separate ops server: the API is itself an HTTP server, so a stuck event
 * loop fails both alike, and one port is one less thing to configure.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  const app: FastifyInstance = fastify({
    ...(options.log ? { loggerInstance: options.log } : { logger: false }),
    bodyLimit: 64 * 1024,
    // Errors the router raises before any route (a URL that does not percent-decode) skip
    // setErrorHandler; send them through the same handler so they too answer with a code.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
    // Requests Node's parser refuses never reach Fastify; answer those with a code too.
    clientErrorHandler,
    // Fastify's own 503 while closing has a body of its own shape; the onRequest hook below sends ours.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;
  const metrics = apiMetrics(options.metricsRegistry);
  const store = inventoryStore({
    dynamo: options.dynamo,
    tableName: options.tableName,
    indexName: options.indexName ?? tableDefaults.gsi,
    metrics,
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
  });
  // Keys are looked up by digest, so the lookup's timing says nothing about a key's prefix.
  const tenants = new Map([...options.apiKeys].map(([key, tenant]) => [digest(key), tenant]));

  app.decorateRequest('tenant', '');
  // JSON only: a text/plain body would otherwise parse to a string and fail as a schema error.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(strictValidatorCompiler());
  app.addSchema(errorSchema);
  app.setErrorHandler(handleError);
  const table = routeTable(app);
  app.decorate('routeTable', table);
  answerBeforeFastify(app.server, table.methodsFor);

  const unrouted = unroutedHandler(table);
  app.setNotFoundHandler(unrouted);

  let closing = false;
  app.addHook('onRequest', async (request, reply) => {
    if (closing) {
      void reply.header('connection', 'close');
      throw new ApiError('UNAVAILABLE', 'the server is shutting down');
    }
    // Answered here, before the body is read, so a request that has no route is a 404 or 405
    // whatever its body (not a 413 or 415 for a body no route would have taken).
    if (request.is404) return unrouted(request, reply);
  });

  app.addHook('onResponse', async (request, reply) => {
    metrics.requestSeconds.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(swagger, {
    // Shared schemas by their $id (`ApiError`) in components.schemas, not as def-0, def-1.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    // HEAD answers on every GET route but the event stream, so the document lists it too.
    exposeHeadRoutes: true,
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Lakestream inventory API', version: '1.0.0' },
      components: {
        securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      },
    },
  });

  const hidden = { schema: { hide: true } };
  app.get('/openapi.json', hidden, async () => app.swagger());
  app.get('/healthz', hidden, async () => ({ status: 'ok' }));
  const feed = options.stockEvents
    ? stockFeed(options.stockEvents, {
        log: app.log,
        ...(options.stockEventsBackoffMs ? { backoffMs: options.stockEventsBackoffMs } : {}),
      })
    : undefined;
  // Readiness is DynamoDB's alone: the reads are the API's job, the event feed an extra that has
  // its own 503 while it is down, and a pod taken out of service for it would serve no reads either.
  app.get('/readyz', hidden, async (_request, reply) =>
    (await store.tableReachable())
      ? { status: 'ready', stockEvents: feed?.status().state ?? 'disabled' }
      : reply.code(503).send(errorBody('UNAVAILABLE', 'DynamoDB table not reachable')),
  );
  app.get('/metrics', hidden, async (_request, reply) =>
    reply.type(options.metricsRegistry.contentType).send(await options.metricsRegistry.metrics()),
  );

  const streams: StockStreams = {
    hub: stockHub<TenantStockEvent>(),
    feed,
    open: new Set<ServerResponse>(),
    keepAliveMs: options.sseKeepAliveMs ?? 15_000,
  };
  const endStreams = () => {
    for (const raw of streams.open) raw.end();
  };
  // Before the server closes, since it waits for open connections and a stream never ends itself;
  // clients reconnect (EventSource does) to another instance.
  app.addHook('preClose', async () => {
    closing = true;
    endStreams();
  });
  if (feed) {
    feed.onStopped(endStreams);
    app.addHook('onReady', async () =>
      feed.start((change) => streams.hub.publish(change.tenantId, change.event.sku, change)),
    );
    app.addHook('onClose', async () => feed.stop());
  }

  await app.register(async (v1) => {
    v1.addHook('onRequest', async (request) => {
      const key = request.headers['x-api-key'];
      const tenant = typeof key === 'string' && key.length > 0 ? tenants.get(digest(key)) : undefined;
      if (!tenant) throw new ApiError('UNAUTHENTICATED', 'missing or unknown x-api-key');
      request.tenant = tenant;
    });
    await v1.register(v1Routes(store, now));
    await v1.register(stockEventsRoute(store, streams));
  });

  return app;
}
